// The Lettercast client: openapi-fetch typed by the generated `paths`, with what every call needs
// (the API key, retries on 429/503, an Idempotency-Key on each POST, errors in the API's envelope).
import createClient, { type Client, type Middleware } from "openapi-fetch";

import type { components, paths } from "./schema.js";

export type { components, paths };

/** Every error the API answers, whatever the route (docs/api.md, "Errors"). */
export interface ErrorEnvelope {
  error: {
    code: string;
    message: string;
    fields?: { field: string; in: string; message: string }[];
    [extra: string]: unknown;
  };
}

export interface LettercastOptions {
  /** The deployment's base URL, e.g. http://127.0.0.1:8787 (the API's routes start with /v1). */
  baseUrl: string;
  /** An API key, `lc_...`; sent as `Authorization: Bearer`. */
  apiKey: string;
  /** Retries after a 429 or a 503, beyond the first attempt (default 3; 0 turns retries off). */
  maxRetries?: number;
  /** The longest wait before one retry, in ms (default 30 s): a longer Retry-After is answered at once. */
  maxRetryDelayMs?: number;
  /** The fetch to send with (default globalThis.fetch). */
  fetch?: (input: Request) => Promise<Response>;
}

export type LettercastClient = Client<paths>;

const RETRIED_STATUSES = new Set([429, 503]);
const DEFAULT_MAX_RETRIES = 3;
const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
const FIRST_BACKOFF_MS = 500; // without Retry-After: 0.5 s, 1 s, 2 s... with jitter

/** A client for every route of the document: `lc.GET("/v1/contacts/{contact_id}", {params: ...})`. */
export function createLettercast(options: LettercastOptions): LettercastClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    headers: { Authorization: `Bearer ${options.apiKey}` },
    fetch: retryingFetch(
      options.fetch ?? ((request: Request) => globalThis.fetch(request)),
      options.maxRetries ?? DEFAULT_MAX_RETRIES,
      options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS,
    ),
  });
  client.use(errorEnvelope);
  return client;
}

/** An error answered by the API, with its envelope's stable `code` to branch on. */
export class LettercastError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: ErrorEnvelope["error"]["fields"];
  readonly envelope: ErrorEnvelope;
  readonly response: Response;

  constructor(envelope: ErrorEnvelope, response: Response) {
    super(`${response.status} ${envelope.error.code}: ${envelope.error.message}`);
    this.name = "LettercastError";
    this.status = response.status;
    this.code = envelope.error.code;
    this.fields = envelope.error.fields;
    this.envelope = envelope;
    this.response = response;
  }
}

/** The data of a call that succeeded; throws a LettercastError for one that did not. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined) {
    throw new LettercastError(asEnvelope(result.error, result.response), result.response);
  }
  return result.data as T;
}

/**
 * Sends, then sends again after a 429 or a 503: after Retry-After when the answer has one (a wait
 * longer than `maxDelayMs` is not attempted: that answer is returned), else after a capped exponential
 * backoff; at most `maxRetries` times. A POST gets one Idempotency-Key (unless the caller set one)
 * before the first attempt, so every retry carries the same key and the API does the work once.
 */
export function retryingFetch(
  send: (input: Request) => Promise<Response>,
  maxRetries: number,
  maxDelayMs: number,
): (input: Request) => Promise<Response> {
  return async (input: Request): Promise<Response> => {
    let request = input;
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
      const headers = new Headers(request.headers);
      headers.set("Idempotency-Key", crypto.randomUUID());
      request = new Request(request, { headers });
    }
    for (let attempt = 0; ; attempt++) {
      // A body can be read once: each attempt sends a copy, the original stays for the next one.
      const response = await send(request.clone());
      if (!RETRIED_STATUSES.has(response.status) || attempt >= maxRetries) {
        return response;
      }
      const waitMs = retryDelayMs(response.headers.get("Retry-After"), attempt);
      if (waitMs > maxDelayMs) {
        return response;
      }
      await response.body?.cancel(); // free the connection before waiting
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
}

/** Milliseconds to wait: what Retry-After says (seconds, or an HTTP date), else a jittered backoff. */
export function retryDelayMs(retryAfter: string | null, attempt: number): number {
  if (retryAfter !== null && retryAfter.trim() !== "") {
    const value = retryAfter.trim();
    if (/^\d+$/.test(value)) {
      return Number(value) * 1000;
    }
    const at = Date.parse(value);
    if (!Number.isNaN(at)) {
      return Math.max(0, at - Date.now());
    }
  }
  const backoff = FIRST_BACKOFF_MS * 2 ** attempt;
  return backoff / 2 + Math.random() * (backoff / 2);
}

// Errors always reach the caller as the envelope, even from something in front of the API (a gateway's
// HTML 502, an empty 503) that does not answer with one.
const errorEnvelope: Middleware = {
  async onResponse({ response }) {
    if (response.ok) {
      return undefined;
    }
    const text = await response.clone().text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isEnvelope(body)) {
      return undefined;
    }
    const envelope = asEnvelope(text, response);
    const headers = new Headers(response.headers);
    headers.set("Content-Type", "application/json");
    headers.delete("Content-Length");
    return new Response(JSON.stringify(envelope), { status: response.status, statusText: response.statusText, headers });
  },
};

function isEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== "object" || value === null || !("error" in value)) {
    return false;
  }
  const error = (value as { error: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

function asEnvelope(body: unknown, response: Response): ErrorEnvelope {
  if (isEnvelope(body)) {
    return body;
  }
  const text = typeof body === "string" ? body.trim().slice(0, 500) : "";
  return { error: { code: `http_${response.status}`, message: text || response.statusText || "No message" } };
}
