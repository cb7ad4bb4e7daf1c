// A scripted fake OpenAI-compatible model server (POST /v1/chat/completions, SSE or JSON;
// GET /v1/models) that drives a real OpenClaw gateway without any cloud model. It runs in the
// harness process on 127.0.0.1 and is bounded: it closes after `maxRequests` model requests or
// after `ttlMs`, and a held response is released on its own after `maxMs`.
//
// THE SCRIPT. Each request is decided from the conversation alone (no server state), in order:
//   1. the current turn (messages after the last assistant message) holds a tool result
//        -> text "TOOL_DONE: <tool result text>"
//   2. the prompt is an OpenClaw subagent-completion announce ("A background task completed")
//        -> text "PARENT_GOT_CHILD_RESULT: <the child's result>"; or the continuation a subagent
//        gets once its own children settled ("All pending descendants … have now settled")
//        -> text "CHILDREN_SETTLED: <their results, comma-separated>"
//   3. the prompt holds directives -> the LAST top-level directive decides:
//        OCT:reply {"text":"…"}                       -> that text
//        OCT:spawn {"task":"…","label"?,"agentId"?,…}  -> tool call sessions_spawn
//             {task, label, agentId, runtime:"subagent", mode:"run", …extra keys}. The task is the
//             child's prompt, so a task that itself holds OCT:spawn makes the child spawn a
//             grandchild (nested spawn); an agentId outside subagents.allowAgents makes the
//             gateway reject the spawn (the rejection comes back as step 1's TOOL_DONE text).
//        OCT:exec {"command":"…"}                      -> tool call exec {command} (needs approval
//             when the gateway runs with tools.exec.ask "always")
//        OCT:ask {"questions":[…],"timeoutSeconds"?}   -> tool call ask_user with exactly these
//             arguments (OpenClaw's schema: 1-3 questions {id, header, question, options[2-4]
//             {label, description?}, multiSelect?}); the run waits for a human's answer, then
//             step 1 turns the tool's result (the answer) into TOOL_DONE text
//        OCT:hold {"id":"…","text"?,"maxMs"?}          -> the response stays open (SSE keep-alive
//             comments) until released through the control API (reply = text, default
//             "HOLD_RELEASED <id>"), aborted by the gateway (the run was aborted: state "aborted"),
//             or maxMs passes (state "expired"). The run stays "running" meanwhile.
//   4. anything else -> text "FAKE_LLM_OK"
// Build directives with `fakeLlmScript` below rather than by hand: it JSON-escapes nested tasks.
//
// "Prompt" = the last user message of the current turn with OpenClaw's appended
// <<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>> blocks removed: those blocks repeat earlier subagent tasks
// and exec commands, and an aborted turn leaves its user message behind without an assistant
// reply, so older directives must not fire again.
//
// CONTROL API (same port, used by tests through FakeLlmControl):
//   GET  /_oct/holds                 -> {holds: HoldRecord[]}
//   POST /_oct/holds/<id>/release    body {text?} -> {released: true} | 404
//   GET  /_oct/requests              -> {requests: FakeLlmRequestRecord[]} (last 500)
import {appendFileSync} from 'node:fs';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

// ------------------------------------------------------------------------------ directives ----

export type SpawnDirective = {
  readonly task: string;
  readonly label?: string;
  readonly agentId?: string;
  /** Any other sessions_spawn argument (runTimeoutSeconds, model, …), passed through. */
  readonly [extra: string]: unknown;
};

export type HoldDirective = {readonly id: string; readonly text?: string; readonly maxMs?: number};

/** ask_user's arguments as OpenClaw defines them (docs/tools/ask-user.md). */
export type AskDirective = {
  readonly questions: ReadonlyArray<{
    readonly id: string;
    readonly header: string;
    readonly question: string;
    readonly options: ReadonlyArray<{readonly label: string; readonly description?: string}>;
    readonly multiSelect?: boolean;
  }>;
  readonly timeoutSeconds?: number;
};

/** Builders for prompt text understood by the fake LLM. */
export const fakeLlmScript = {
  reply: (text: string): string => `OCT:reply ${JSON.stringify({text})}`,
  spawn: (args: SpawnDirective): string => `OCT:spawn ${JSON.stringify(args)}`,
  exec: (command: string): string => `OCT:exec ${JSON.stringify({command})}`,
  hold: (hold: HoldDirective): string => `OCT:hold ${JSON.stringify(hold)}`,
  ask: (ask: AskDirective): string => `OCT:ask ${JSON.stringify(ask)}`,
} as const;

type Verb = 'reply' | 'spawn' | 'exec' | 'hold' | 'ask';
export type Directive = {readonly verb: Verb; readonly args: Record<string, unknown>};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** End index (exclusive) of the JSON object starting at `start`, string-aware; -1 if unbalanced. */
const jsonObjectEnd = (text: string, start: number): number => {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
};

/**
 * Top-level directives in order. A directive nested inside another's JSON (a child's task) is
 * part of that JSON string and is not seen here.
 */
export const parseDirectives = (text: string): readonly Directive[] => {
  const out: Directive[] = [];
  const re = /OCT:(reply|spawn|exec|hold|ask)\s*(?=\{)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) {
    const start = match.index + match[0].length;
    const end = jsonObjectEnd(text, start);
    if (end < 0) continue;
    try {
      const args: unknown = JSON.parse(text.slice(start, end));
      if (isRecord(args)) out.push({verb: match[1] as Verb, args});
    } catch {
      continue;
    }
    re.lastIndex = end;
  }
  return out;
};

// -------------------------------------------------------------------------------- decision ----

export type FakeLlmDecision =
  | {readonly kind: 'text'; readonly text: string}
  | {readonly kind: 'tool'; readonly name: string; readonly args: Record<string, unknown>}
  | {readonly kind: 'hold'; readonly id: string; readonly text: string; readonly maxMs: number};

type ChatMessage = {readonly role: string; readonly content: unknown};

const INTERNAL_CONTEXT =
  /<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT>>>[\s\S]*?<<<END_OPENCLAW_INTERNAL_CONTEXT>>>/g;

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      if (typeof part === 'string') return part;
      if (isRecord(part)) {
        if (typeof part.text === 'string') return part.text;
        if (typeof part.content === 'string') return part.content;
      }
      return '';
    })
    .join('\n');
};

const messagesOf = (body: Record<string, unknown>): readonly ChatMessage[] =>
  Array.isArray(body.messages)
    ? body.messages.filter(isRecord).map((m) => ({
        role: typeof m.role === 'string' ? m.role : '',
        content: m.content,
      }))
    : [];

export const toolNamesOf = (body: Record<string, unknown>): readonly string[] =>
  Array.isArray(body.tools)
    ? body.tools.flatMap((t: unknown) =>
        isRecord(t) && isRecord(t.function) && typeof t.function.name === 'string'
          ? [t.function.name]
          : [],
      )
    : [];

const currentTurn = (messages: readonly ChatMessage[]): readonly ChatMessage[] => {
  let last = -1;
  messages.forEach((m, i) => {
    if (m.role === 'assistant') last = i;
  });
  return messages.slice(last + 1);
};

/** The prompt of the current turn (see the header comment). */
export const promptOf = (body: Record<string, unknown>): string => {
  const turn = currentTurn(messagesOf(body));
  for (let i = turn.length - 1; i >= 0; i--) {
    const m = turn[i];
    if (m?.role !== 'user') continue;
    const text = textOf(m.content).replace(INTERNAL_CONTEXT, '').trim();
    if (text) return text;
  }
  return '';
};

const oneLine = (text: string, max: number): string =>
  text.replace(/\s+/g, ' ').trim().slice(0, max);

export const DEFAULT_HOLD_MAX_MS = 300_000;

/** The "Child result" blocks OpenClaw quotes back to a parent, joined. */
const childResults = (prompt: string): string => {
  const results = [
    ...prompt.matchAll(/Child result[^\n]*\n<prompt-data>\s*([\s\S]*?)\s*<\/prompt-data>/g),
  ]
    .map((m) => oneLine(m[1] ?? '', 200))
    .filter(Boolean);
  return results.length > 0 ? results.join(', ') : 'unknown';
};

export const decide = (body: Record<string, unknown>): FakeLlmDecision => {
  const turn = currentTurn(messagesOf(body));
  const toolResults = turn.filter((m) => m.role === 'tool');
  const lastTool = toolResults[toolResults.length - 1];
  if (lastTool) return {kind: 'text', text: `TOOL_DONE: ${oneLine(textOf(lastTool.content), 600)}`};

  const prompt = promptOf(body);
  if (prompt.includes('A background task completed')) {
    return {kind: 'text', text: `PARENT_GOT_CHILD_RESULT: ${childResults(prompt)}`};
  }
  if (/All pending descendants[^\n]*settled/.test(prompt)) {
    return {kind: 'text', text: `CHILDREN_SETTLED: ${childResults(prompt)}`};
  }

  const directive = parseDirectives(prompt).at(-1);
  const tools = toolNamesOf(body);
  switch (directive?.verb) {
    case 'reply':
      return {kind: 'text', text: String(directive.args.text ?? '')};
    case 'spawn': {
      if (!tools.includes('sessions_spawn')) {
        return {kind: 'text', text: `NO_TOOL sessions_spawn (tools: ${tools.join(',')})`};
      }
      return {
        kind: 'tool',
        name: 'sessions_spawn',
        args: {runtime: 'subagent', mode: 'run', ...directive.args},
      };
    }
    case 'exec': {
      const name = tools.includes('exec') ? 'exec' : tools.includes('bash') ? 'bash' : undefined;
      if (!name) return {kind: 'text', text: `NO_TOOL exec (tools: ${tools.join(',')})`};
      return {kind: 'tool', name, args: {command: String(directive.args.command ?? '')}};
    }
    case 'ask': {
      if (!tools.includes('ask_user')) {
        return {kind: 'text', text: `NO_TOOL ask_user (tools: ${tools.join(',')})`};
      }
      return {kind: 'tool', name: 'ask_user', args: directive.args};
    }
    case 'hold': {
      const id = String(directive.args.id ?? 'hold');
      const text =
        typeof directive.args.text === 'string' ? directive.args.text : `HOLD_RELEASED ${id}`;
      const maxMs =
        typeof directive.args.maxMs === 'number' ? directive.args.maxMs : DEFAULT_HOLD_MAX_MS;
      return {kind: 'hold', id, text, maxMs};
    }
    case undefined:
      return {kind: 'text', text: 'FAKE_LLM_OK'};
  }
};

// ---------------------------------------------------------------------------------- server ----

export type HoldState = 'held' | 'released' | 'aborted' | 'expired';

export type HoldRecord = {
  readonly id: string;
  readonly state: HoldState;
  readonly startedAt: number;
  readonly endedAt?: number;
  /** How many model requests asked to hold under this id (a retried request counts again). */
  readonly attempts: number;
};

export type FakeLlmRequestRecord = {
  readonly n: number;
  readonly at: number;
  readonly stream: boolean;
  readonly decision: FakeLlmDecision;
  readonly tools: readonly string[];
  readonly prompt: string;
};

export type FakeLlmOptions = {
  readonly port?: number;
  readonly maxRequests?: number;
  readonly ttlMs?: number;
  /** Append one JSON line per model request (debugging aid). */
  readonly logFile?: string;
};

export type FakeLlm = {
  readonly port: number;
  /** http://127.0.0.1:<port> (the model base URL is this + /v1) */
  readonly url: string;
  readonly requests: () => readonly FakeLlmRequestRecord[];
  readonly holds: () => readonly HoldRecord[];
  readonly release: (id: string, text?: string) => boolean;
  readonly stop: () => Promise<void>;
};

type LiveHold = {
  record: HoldRecord;
  /** Set while the response is open; `text` undefined = the directive's own text. */
  finish?: (text: string | undefined, state: HoldState) => void;
};

const REQUEST_LOG_LIMIT = 500;
const KEEPALIVE_MS = 5000;

const chunk = (id: string, model: string, delta: unknown, finish: string | null = null) => ({
  id,
  object: 'chat.completion.chunk',
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{index: 0, delta, finish_reason: finish}],
});

const usage = {prompt_tokens: 10, completion_tokens: 5, total_tokens: 15};

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, {'content-type': 'application/json'});
  res.end(JSON.stringify(body));
};

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
      if (raw.length > 20e6) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(raw));
    req.on('error', reject);
  });

export const startFakeLlm = async (options: FakeLlmOptions = {}): Promise<FakeLlm> => {
  const maxRequests = options.maxRequests ?? 1000;
  const ttlMs = options.ttlMs ?? 30 * 60_000;
  const log: FakeLlmRequestRecord[] = [];
  const holds = new Map<string, LiveHold>();
  let modelRequests = 0;
  let callSeq = 0;
  let closed = false;

  const setHold = (id: string, patch: Partial<HoldRecord>): void => {
    const live = holds.get(id);
    if (live) live.record = {...live.record, ...patch};
  };

  const respond = (res: ServerResponse, body: Record<string, unknown>): void => {
    const n = ++modelRequests;
    const model = typeof body.model === 'string' ? body.model : 'fake-1';
    const stream = body.stream === true;
    const decision = decide(body);
    const record: FakeLlmRequestRecord = {
      n,
      at: Date.now(),
      stream,
      decision,
      tools: toolNamesOf(body),
      prompt: promptOf(body).slice(0, 600),
    };
    log.push(record);
    if (log.length > REQUEST_LOG_LIMIT) log.shift();
    if (options.logFile) appendFileSync(options.logFile, `${JSON.stringify(record)}\n`);

    const id = `chatcmpl-fake-${n}`;
    const toolCall =
      decision.kind === 'tool'
        ? {
            index: 0,
            id: `call_fake_${++callSeq}`,
            type: 'function',
            function: {name: decision.name, arguments: JSON.stringify(decision.args)},
          }
        : undefined;

    const finishText = (text: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (stream) {
        res.write(`data: ${JSON.stringify(chunk(id, model, {content: text}))}\n\n`);
        res.write(`data: ${JSON.stringify(chunk(id, model, {}, 'stop'))}\n\n`);
        res.write(`data: ${JSON.stringify({...chunk(id, model, {}), choices: [], usage})}\n\n`);
        res.end('data: [DONE]\n\n');
      } else {
        sendJson(res, 200, {
          id,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{index: 0, message: {role: 'assistant', content: text}, finish_reason: 'stop'}],
          usage,
        });
      }
    };

    if (stream) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      if (toolCall) {
        res.write(
          `data: ${JSON.stringify(chunk(id, model, {role: 'assistant', content: null, tool_calls: [toolCall]}))}\n\n`,
        );
        res.write(`data: ${JSON.stringify(chunk(id, model, {}, 'tool_calls'))}\n\n`);
        res.write(`data: ${JSON.stringify({...chunk(id, model, {}), choices: [], usage})}\n\n`);
        res.end('data: [DONE]\n\n');
        return;
      }
      res.write(`data: ${JSON.stringify(chunk(id, model, {role: 'assistant', content: ''}))}\n\n`);
    } else if (toolCall) {
      sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [{id: toolCall.id, type: 'function', function: toolCall.function}],
            },
            finish_reason: 'tool_calls',
          },
        ],
        usage,
      });
      return;
    }

    if (decision.kind !== 'hold') {
      finishText(decision.kind === 'text' ? decision.text : '');
      return;
    }

    // HOLD: keep the response open; SSE comment lines keep idle timers on the gateway side quiet.
    const previous = holds.get(decision.id);
    const live: LiveHold = {
      record: {
        id: decision.id,
        state: 'held',
        startedAt: Date.now(),
        attempts: (previous?.record.attempts ?? 0) + 1,
      },
    };
    holds.set(decision.id, live);
    const keepalive = stream
      ? setInterval(() => {
          if (!res.writableEnded) res.write(': hold\n\n');
        }, KEEPALIVE_MS)
      : undefined;
    const finish = (text: string | undefined, state: HoldState): void => {
      clearInterval(keepalive);
      clearTimeout(expiry);
      live.finish = undefined;
      if (holds.get(decision.id) === live) setHold(decision.id, {state, endedAt: Date.now()});
      if (state !== 'aborted') finishText(text ?? decision.text);
    };
    const expiry = setTimeout(() => finish('HOLD_EXPIRED', 'expired'), decision.maxMs);
    live.finish = finish;
    // The gateway closing the request before we answered = the run was aborted.
    res.on('close', () => {
      if (live.finish) finish(undefined, 'aborted');
    });
  };

  const control = (req: IncomingMessage, res: ServerResponse, raw: string): void => {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === '/_oct/holds') {
      sendJson(res, 200, {holds: [...holds.values()].map((h) => h.record)});
      return;
    }
    if (req.method === 'GET' && url === '/_oct/requests') {
      sendJson(res, 200, {requests: log});
      return;
    }
    const release = /^\/_oct\/holds\/([^/]+)\/release$/.exec(url);
    if (req.method === 'POST' && release?.[1]) {
      let text: string | undefined;
      try {
        const parsed: unknown = JSON.parse(raw || '{}');
        if (isRecord(parsed) && typeof parsed.text === 'string') text = parsed.text;
      } catch {
        // no body: release with the directive's text
      }
      const released = releaseHold(decodeURIComponent(release[1]), text);
      sendJson(res, released ? 200 : 404, {released});
      return;
    }
    sendJson(res, 404, {error: `unknown control path ${url}`});
  };

  const releaseHold = (id: string, text?: string): boolean => {
    const live = holds.get(id);
    if (!live?.finish) return false;
    live.finish(text, 'released');
    return true;
  };

  const server = createServer((req, res) => {
    const url = req.url ?? '';
    if (req.method === 'GET' && /\/models$/.test(url)) {
      sendJson(res, 200, {
        object: 'list',
        data: [{id: 'fake-1', object: 'model', owned_by: 'oct'}],
      });
      return;
    }
    readBody(req)
      .then((raw) => {
        if (url.startsWith('/_oct/')) {
          control(req, res, raw);
          return;
        }
        if (req.method !== 'POST' || !/chat\/completions$/.test(url)) {
          sendJson(res, 404, {error: {message: `unsupported path ${url}`}});
          return;
        }
        if (modelRequests >= maxRequests) {
          res.on('finish', () => void stop());
          sendJson(res, 503, {error: {message: 'fake LLM request budget exhausted'}});
          return;
        }
        let body: unknown = {};
        try {
          body = JSON.parse(raw || '{}');
        } catch {
          // fall through with an empty body: decide() answers FAKE_LLM_OK
        }
        respond(res, isRecord(body) ? body : {});
      })
      .catch(() => {
        if (!res.headersSent) sendJson(res, 400, {error: {message: 'bad request'}});
      });
  });

  const stop = (): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    clearTimeout(ttl);
    for (const live of holds.values()) live.finish?.('HOLD_EXPIRED', 'expired');
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };

  const ttl = setTimeout(() => void stop(), ttlMs);
  ttl.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    requests: () => [...log],
    holds: () => [...holds.values()].map((h) => h.record),
    release: releaseHold,
    stop,
  };
};

// --------------------------------------------------------------------------------- control ----

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Drives a fake LLM from another process (a test file) over its control API. */
export class FakeLlmControl {
  readonly url: string;

  constructor(url: string) {
    this.url = url.replace(/\/$/, '');
  }

  async holds(): Promise<readonly HoldRecord[]> {
    const res = await fetch(`${this.url}/_oct/holds`);
    const body: unknown = await res.json();
    return isRecord(body) && Array.isArray(body.holds) ? (body.holds as HoldRecord[]) : [];
  }

  async requests(): Promise<readonly FakeLlmRequestRecord[]> {
    const res = await fetch(`${this.url}/_oct/requests`);
    const body: unknown = await res.json();
    return isRecord(body) && Array.isArray(body.requests)
      ? (body.requests as FakeLlmRequestRecord[])
      : [];
  }

  /** Poll until the hold `id` is in `state` (default: held). */
  async waitHold(id: string, state: HoldState = 'held', timeoutMs = 60000): Promise<HoldRecord> {
    const deadline = Date.now() + timeoutMs;
    let last: HoldRecord | undefined;
    while (Date.now() < deadline) {
      last = (await this.holds()).find((h) => h.id === id);
      if (last?.state === state) return last;
      await sleep(100);
    }
    throw new Error(
      `hold ${id} not ${state} within ${timeoutMs} ms (last: ${last ? last.state : 'never seen'})`,
    );
  }

  async release(id: string, text?: string): Promise<boolean> {
    const res = await fetch(`${this.url}/_oct/holds/${encodeURIComponent(id)}/release`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(text === undefined ? {} : {text}),
    });
    return res.ok;
  }
}
