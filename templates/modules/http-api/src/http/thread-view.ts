import { statusOf, type Thread } from "../agent/thread.ts";

/** How a thread looks over HTTP (the 12-factor workshop's shape, plus status and version). */
export function threadView(thread: Thread) {
  return {
    thread_id: thread.id,
    status: statusOf(thread.events),
    version: thread.version,
    events: thread.events,
    response_url: responseUrl(thread.id),
  };
}

export function responseUrl(id: string): string {
  return `/thread/${encodeURIComponent(id)}/response`;
}
