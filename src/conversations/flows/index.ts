// Every flow the engine knows. A command whose flow is missing here answers "not available yet".
import type { Flow } from "../types.ts";
import { helpFlow, startFlow } from "./start.ts";
import { channelFlow, inviteFlow } from "./invite.ts";
import { registrationFlows } from "./register.ts";
import { assessmentFlows } from "./assess.ts";
import { committeeFlows } from "./committee.ts";
import { calendarFlows } from "./calendar.ts";
import { loginLinkFlow } from "./login-link.ts";

export const ALL_FLOWS: Flow[] = [
  startFlow,
  helpFlow,
  inviteFlow,
  channelFlow,
  ...registrationFlows,
  ...assessmentFlows,
  ...committeeFlows,
  ...calendarFlows,
  loginLinkFlow,
];
