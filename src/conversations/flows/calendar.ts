// Flows for calendar and reminders (/lich, /doilich, /huylich, /nhac, /nhom).
import type { Flow } from "../types.ts";

export const calendarFlows: Flow[] = [];
