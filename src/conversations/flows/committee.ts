// Flows for chi ủy actions (/duyet, /nhanxet, /dienhinh, /thongbao, /baocao). Access is checked by
// the engine from the linked identity; every query inside is limited to the actor's own cell and
// every decision writes one audit row.
import type { RegisteredFlow } from "../flow.ts";
import { approveFlow } from "./committee-approve.ts";
import { commentFlow } from "./committee-comment.ts";
import { exemplarFlow } from "./committee-exemplar.ts";
import { broadcastFlow } from "./committee-broadcast.ts";
import { digestFlow } from "./committee-digest.ts";

export const committeeFlows: RegisteredFlow[] = [approveFlow, commentFlow, exemplarFlow, broadcastFlow, digestFlow];
