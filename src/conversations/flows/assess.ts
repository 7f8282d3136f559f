// Flows for self-assessment (/danhgia).
import type { Flow } from "../types.ts";

export const assessmentFlows: Flow[] = [];
