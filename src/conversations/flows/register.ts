// Flows for registration (/dangky, /dangky chibo) and viewing (/camket).
import type { Flow } from "../types.ts";

export const registrationFlows: Flow[] = [];
