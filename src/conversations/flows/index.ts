// Every flow the engine knows. A command whose flow is missing here answers "not available yet".
import type { RegisteredFlow } from "../flow.ts";
import { helpFlow, startFlow } from "./start.ts";
import { channelFlow, inviteFlow } from "./invite.ts";
import { registrationFlows } from "./register.ts";
import { assessmentFlows } from "./assess.ts";
import { committeeFlows } from "./committee.ts";
import { calendarFlows } from "./calendar.ts";
import { loginLinkFlow } from "./login-link.ts";

export const ALL_FLOWS: RegisteredFlow[] = [
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
