import type { Stage } from "../engine/index.js";

/** Where one stage is: what it said when it began and the counts it has reported since. */
export interface StageState {
  stage: Stage;
  message: string;
  startedAt: number;
  done?: number;
  total?: number;
  page?: number;
}

/** 12400 → "12,400": counts read at a glance. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "0.4 s", "12 s", "1 min 39 s", "2 h 5 min": as precise as a person reading it needs. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const whole = Math.round(s);
  if (whole < 3600) {
    const rest = whole % 60;
    return `${Math.floor(whole / 60)} min${rest > 0 ? ` ${rest} s` : ""}`;
  }
  const minutes = Math.round(whole / 60);
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ""}`;
}

/** A guess of the time left, rounded as a guess should be: "about 40 s", "about 3 min", "about 2 h". */
export function formatLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${Math.round(seconds / 3600)} h left`;
}

/** Writes per second once a second has passed and something was written; undefined before. */
function rate(state: StageState, now: number): number | undefined {
  const seconds = (now - state.startedAt) / 1000;
  if (seconds < 1 || !state.done) return undefined;
  return state.done / seconds;
}

/**
 * The spinner's text: `Writing 312/960 · 10.0/s · about 1 min left`, `Reading users from LDAP …… 12,400`,
 * `Reading contacts of E1001 from …… page 3 · 3,000`.
 */
export function liveText(state: StageState, now: number): string {
  const { done, total, page } = state;
  if (state.stage === "apply" && done !== undefined && total !== undefined) {
    const perSecond = rate(state, now);
    const parts = [`Writing ${formatCount(done)}/${formatCount(total)}`];
    if (perSecond !== undefined) {
      parts.push(`${perSecond.toFixed(1)}/s`);
      if (done < total) parts.push(formatLeft((total - done) / perSecond));
    }
    return parts.join(" · ");
  }
  if (done === undefined) return `${state.message}…`;
  const pageText = page !== undefined && state.stage === "mbn" ? `page ${page} · ` : "";
  return `${state.message}… ${pageText}${formatCount(done)}`;
}

/** A finished stage's line (without its symbol): the engine's closing message, or its opening one, and the time. */
export function closingText(state: StageState, now: number, endMessage: string | undefined): string {
  return `${endMessage ?? state.message} (${formatDuration(now - state.startedAt)})`;
}

/** A stage the run stopped in. */
export function failedText(state: StageState, now: number): string {
  return `${state.message}: failed after ${formatDuration(now - state.startedAt)}`;
}
