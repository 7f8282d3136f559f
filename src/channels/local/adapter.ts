// The local channel: the same conversation engine without any platform, for `npm run chat` and
// tests. Choices are shown as a numbered list, like Zalo, and answered with the number or words.
import { randomUUID } from "node:crypto";
import type { ChannelAdapter, InboundEvent, InboundHandler, OutgoingMessage, SendResult } from "../types.ts";
import { renderNumberedChoices } from "../numbered-choices.ts";
import { CHAT_TEXTS } from "../../messages/local-chat.ts";

export interface LocalOutput {
  chatId: string;
  message: OutgoingMessage;
  /** What a person sees in the terminal. */
  rendered: string;
}

/** An outgoing message as a person sees it in the terminal (choices as a numbered list). */
export function renderLocal(message: OutgoingMessage): string {
  return message.kind === "text"
    ? message.text
    : message.kind === "choices"
      ? renderNumberedChoices(message.text, message.choices)
      : CHAT_TEXTS.file(message.filename, message.caption);
}

export class LocalChannel implements ChannelAdapter {
  readonly platform = "LOCAL" as const;
  readonly transcript: LocalOutput[] = [];
  private handler: InboundHandler | undefined;
  private counter = 0;

  constructor(private readonly onOutput?: (output: LocalOutput) => void) {}

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async send(chatId: string, message: OutgoingMessage): Promise<SendResult> {
    const rendered = renderLocal(message);
    const output = { chatId, message, rendered };
    this.transcript.push(output);
    this.onOutput?.(output);
    this.counter += 1;
    return { messageId: `local-${this.counter}` };
  }

  /** A person types a line in the local chat. */
  async say(userId: string, text: string, extra: Partial<InboundEvent> = {}): Promise<void> {
    if (!this.handler) throw new Error("local channel not started");
    await this.handler({
      platform: "LOCAL",
      updateId: randomUUID(),
      kind: "message",
      userId,
      chatId: userId,
      chatType: "private",
      text,
      at: new Date(),
      ...extra,
    });
  }
}
