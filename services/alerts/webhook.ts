/** The outcome of one webhook POST, kept beside whatever it announced. */
export interface WebhookDelivery {
  ok: boolean;
  /** `HTTP <status>`, or the network error's message. */
  detail: string;
}

/**
 * POSTs a JSON body (a PagerDuty event, a Slack incoming-webhook message) and reports the outcome
 * instead of throwing: a receiver that is down must not undo what the caller already recorded.
 */
export async function postJson(url: string, body: unknown, timeoutMs = 5000): Promise<WebhookDelivery> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The body is not needed; reading it frees the connection for reuse.
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.ok, detail: `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}
