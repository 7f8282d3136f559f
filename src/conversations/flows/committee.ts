// Flows for chi ủy actions (/duyet, /nhanxet, /dienhinh, /thongbao, /baocao).
import type { Flow } from "../types.ts";

export const committeeFlows: Flow[] = [];
