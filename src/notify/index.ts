export { notify, notifyError, checkNotify, type NotifyResult } from "./notify.js";
export { buildMessage, testMessage, type Message } from "./message.js";
export { outcomeOf, wanted, type Outcome } from "./outcome.js";
export { webhookBody } from "./webhook.js";
