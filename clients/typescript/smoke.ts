// A run of the client against a live deployment: LC=<base URL> KEY=<API key> node dist/smoke.js
// Creates a contact, reads it back, finds it in the listing, asks for an unknown one, and checks the
// retry logic offline; prints one JSON line of what it saw, exits 1 on any mismatch.
import { createLettercast, LettercastError, retryingFetch, unwrap } from "./src/index.js";

// Just what is used of Node's globals, so the package needs no @types/node.
declare const process: {
  env: Record<string, string | undefined>;
  exitCode: number | undefined;
};

const seen: Record<string, unknown> = {};
const mismatches: string[] = [];

function expect(what: string, ok: boolean): void {
  if (!ok) {
    mismatches.push(what);
  }
}

async function live(baseUrl: string, apiKey: string): Promise<void> {
  const lc = createLettercast({ baseUrl, apiKey });
  const email = `ts-smoke-${crypto.randomUUID()}@example.com`;

  const created = await lc.POST("/v1/contacts", { body: { email, first_name: "Smoke", tags: ["ts-client"] } });
  const contact = unwrap(created).data;
  seen.created = { status: created.response.status, email: contact.email };
  expect("created with 201", created.response.status === 201);
  expect("created with this email", contact.email === email);

  const read = unwrap(await lc.GET("/v1/contacts/{contact_id}", { params: { path: { contact_id: contact.id } } }));
  seen.read_back = read.data.id === contact.id && read.data.email === email;
  expect("read back", seen.read_back === true);

  // The listing is newest first; poll it briefly, as a reader of a freshly written store would.
  const deadline = Date.now() + 10_000;
  let listed = false;
  for (;;) {
    const page = unwrap(await lc.GET("/v1/contacts", { params: { query: { limit: 100 } } }));
    listed = page.data.some((item) => item.id === contact.id);
    if (listed || Date.now() > deadline) {
      seen.listed = { found: listed, count: page.data.length };
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect("listed", listed);

  const unknown = await lc.GET("/v1/contacts/{contact_id}", {
    params: { path: { contact_id: crypto.randomUUID() } },
  });
  seen.unknown = { status: unknown.response.status, code: unknown.error?.error.code };
  expect("unknown is a 404", unknown.response.status === 404);
  expect("unknown is contact_not_found", unknown.error?.error.code === "contact_not_found");
  try {
    unwrap(unknown);
    expect("unwrap throws on an error", false);
  } catch (error) {
    expect("unwrap throws a LettercastError", error instanceof LettercastError && error.status === 404);
  }

  // An answer lost on the way back (the server did the work, the client saw a 503): the retry carries
  // the same Idempotency-Key, so the API replays its first answer instead of acting twice.
  let sent = 0;
  const lossy = createLettercast({
    baseUrl,
    apiKey,
    fetch: async (request: Request) => {
      const response = await fetch(request);
      if (++sent === 1) {
        await response.body?.cancel();
        return new Response("", { status: 503, headers: { "Retry-After": "0" } });
      }
      return response;
    },
  });
  const again = await lossy.POST("/v1/contacts", { body: { email: `ts-lost-${crypto.randomUUID()}@example.com` } });
  seen.lost_answer = {
    status: again.response.status,
    attempts: sent,
    replayed: again.response.headers.get("Idempotent-Replayed") === "true",
  };
  expect("a lost answer replayed", again.response.status === 201 && sent === 2);
  expect("the replay is marked", again.response.headers.get("Idempotent-Replayed") === "true");
}

// The retry logic against a fake server: two 503s, then the answer; then a 429 asking for an hour.
async function offline(): Promise<void> {
  const keys: (string | null)[] = [];
  const bodies: string[] = [];
  let calls = 0;
  const flaky = retryingFetch(
    async (request: Request) => {
      calls++;
      keys.push(request.headers.get("Idempotency-Key"));
      bodies.push(await request.text());
      if (calls <= 2) {
        return new Response("", { status: 503, headers: { "Retry-After": "0" } });
      }
      return new Response("{}", { status: 201 });
    },
    3,
    1_000,
  );
  const answer = await flaky(new Request("http://fake.invalid/v1/lists", { method: "POST", body: '{"name":"x"}' }));
  const oneKey = keys.length === 3 && keys[0] !== null && keys.every((key) => key === keys[0]);
  const sameBody = bodies.every((body) => body === '{"name":"x"}');

  let patientCalls = 0;
  const limited = retryingFetch(
    async () => {
      patientCalls++;
      return new Response("", { status: 429, headers: { "Retry-After": "3600" } });
    },
    3,
    1_000,
  );
  const refused = await limited(new Request("http://fake.invalid/v1/contacts"));

  seen.retries = { status: answer.status, attempts: calls, one_key: oneKey, same_body: sameBody };
  seen.too_long_retry_after = { status: refused.status, attempts: patientCalls };
  expect("retried to success", answer.status === 201 && calls === 3);
  expect("one Idempotency-Key across retries", oneKey);
  expect("the body sent again", sameBody);
  expect("a Retry-After beyond the cap is not waited", refused.status === 429 && patientCalls === 1);
}

const baseUrl = process.env.LC;
const apiKey = process.env.KEY;
if (!baseUrl || !apiKey) {
  console.error("set LC (the base URL) and KEY (an API key)");
  process.exitCode = 2;
} else {
  try {
    await live(baseUrl, apiKey);
    await offline();
  } catch (error) {
    mismatches.push(`unexpected: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(JSON.stringify({ ok: mismatches.length === 0, mismatches, ...seen }));
  process.exitCode = mismatches.length === 0 ? 0 : 1;
}
