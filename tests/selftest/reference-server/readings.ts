// The points the docs leave open, as switches of the reference server: each has the readings a
// correct API could take, so that the self-test can run the suite against correct servers that
// read every open point differently (docs/decisions/0050-open-readings.md lists them with the
// rule catalog entry each one stands for). `standard` is what the server did before it had
// switches (keeping Message Validation as the message is added, since the 2026 pages made it a
// rule); `strict` refuses as early as the docs allow; `lenient` accepts and judges at the run.

/** Every open point and its readings; the first reading of each is the standard one. */
export const readingChoices = {
  /** `tool_calls` on a user, system or tool message (catalog: tool-calls-off-assistant). */
  offRoleToolCalls: ['ignore', 'refuse-on-add', 'count-at-run'],
  /** `tool_call_id` on a user, system or assistant message (catalog: tool-call-id-off-tool). */
  offRoleToolCallId: ['ignore', 'refuse-on-add', 'refuse-at-run'],
  /** Body properties the contract does not name, where it does not allow them (catalog: unnamed-property). */
  extraFields: ['ignore', 'refuse'],
  /** `tools: []` on a run, `tool_calls: []` on a message (catalog: empty-list). */
  emptyLists: ['accept', 'refuse'],
  /** Which characters are whitespace, for Message Validation's "not blank": JavaScript's trim or Python's strip (catalog: message-content-blank). */
  blankContent: ['javascript', 'python'],
  /** Whitespace-only content on an assistant message that calls tools: empty once trimmed, or not empty (catalog: assistant-calls-blank-content). */
  callsOnlyContent: ['trim', 'as-written'],
  /** Message Validation's rules: refused as the message is added (and at the run), or only at the run (catalog: `when: stack`). */
  messageValidation: ['on-add', 'at-run'],
  /** A tool message whose tool_call_id no earlier call has (catalog: tool-call-unknown). */
  orphanTool: ['refuse-on-add', 'refuse-at-run'],
  /** A tool message without tool_call_id: an orphan (as orphanTool reads it) or a 422 at the field, as in Chat Completions (catalog: tool-call-id-missing). */
  missingToolCallId: ['orphan', 'required'],
  /** A second tool message for a call already answered (catalog: tool-call-answered-twice). */
  secondAnswer: ['accept', 'refuse-on-add', 'refuse-at-run'],
  /** A system message after the conversation began (catalog: system-after-start). */
  systemAfterStart: ['refuse-on-add', 'refuse-at-run', 'accept'],
  /** Tool messages must directly follow the message that called the tools (catalog: tool-answer-not-adjacent). */
  toolAdjacency: ['any-order', 'refuse-on-add', 'refuse-at-run'],
  /** tool_choice without tools, naming a tool the request lacks, or `required` without tools (catalog: tool-choice-unknown-tool). */
  toolChoice: ['accept', 'refuse'],
  /** U+0000 in a string (catalog: nul-character). */
  nul: ['accept', 'refuse'],
  /** A required metadata field that is "" (`empty-only`), also whitespace-only (`blank`), or neither (`present`) (catalog: metadata-blank). */
  blankMetadata: ['empty-only', 'blank', 'present'],
  /** Tool and tool-call function names outside Chat Completions' ^[a-zA-Z0-9_-]{1,64}$: accepted, or a 422 at the name (catalog: tool-name-pattern). */
  toolNames: ['any', 'chat-completions'],
  /** user_data.licence of another type than a string: a 422 at the field, a value like any other, or missing (catalog: field-type-open, metadata-blank). */
  licenceType: ['refuse', 'present', 'missing'],
  /** request_required_fields on run/stream (catalog: metadata-missing-stream). */
  streamMetadata: ['enforce', 'ignore'],
  /** tools/tool_choice on run/stream (catalog: stream-tools). */
  streamTools: ['accept', 'refuse'],
  /** A JSON body under a content type other than application/json (catalog: content-type-not-json). */
  wrongContentType: ['read', 'refuse'],
  /** The order of the run rules and of the message rules: as documented, or reversed. */
  ruleOrder: ['documented', 'reversed'],
  /** Body validation before the thread lookup (`body`) or after it (`thread`). */
  lookupOrder: ['body', 'thread'],
  /** A deleted thread: 404 before any rule (`first`), or after the request's and the thread's rules (`last`). */
  deletedCheck: ['first', 'last'],
  /** Another tenant's thread on a run: 403 assistant_not_available (`forbidden`) or 404 thread_not_found. */
  foreignThread: ['forbidden', 'not-found'],
  /** Status of createThread and createMessage. */
  createdStatus: ['201', '200'],
  /** Status of deleteThread and deleteMessage (empty body either way). */
  deleteStatus: ['204', '200'],
  /** A message's content as stored: as sent, or with surrounding whitespace stripped (decision 0071: open). */
  storedContent: ['as-sent', 'stripped'],
  /** How the last page ends a walk: a null cursor, no cursor, or a cursor whose page is empty (decision 0071: open). */
  lastCursor: ['null', 'absent', 'empty-page'],
  /** A deleted thread under include_deleted=true: its user_id kept, or the nil-UUID placeholder that the user_id filter then misses (Data Deletion). */
  deletedUser: ['original', 'placeholder'],
} as const;

/** An open point, by name. */
export type ReadingPoint = keyof typeof readingChoices;

/** One reading of every open point. */
export type Readings = { [P in ReadingPoint]: (typeof readingChoices)[P][number] };

/** Every open point, in table order. */
export const readingPoints = Object.keys(readingChoices) as ReadingPoint[];

/** What the server did before it had switches. */
export const standardReadings: Readings = Object.fromEntries(
  readingPoints.map((point) => [point, readingChoices[point][0]]),
) as Readings;

/** As early and as strictly as the docs could allow. */
export const strictReadings: Readings = {
  offRoleToolCalls: 'refuse-on-add',
  offRoleToolCallId: 'refuse-on-add',
  extraFields: 'refuse',
  emptyLists: 'refuse',
  blankContent: 'python',
  callsOnlyContent: 'as-written',
  messageValidation: 'on-add',
  orphanTool: 'refuse-on-add',
  missingToolCallId: 'required',
  secondAnswer: 'refuse-on-add',
  systemAfterStart: 'refuse-on-add',
  toolAdjacency: 'refuse-on-add',
  toolChoice: 'refuse',
  nul: 'refuse',
  blankMetadata: 'blank',
  licenceType: 'refuse',
  toolNames: 'chat-completions',
  streamMetadata: 'enforce',
  streamTools: 'refuse',
  wrongContentType: 'refuse',
  ruleOrder: 'documented',
  lookupOrder: 'body',
  deletedCheck: 'first',
  foreignThread: 'forbidden',
  createdStatus: '201',
  deleteStatus: '204',
  storedContent: 'as-sent',
  lastCursor: 'null',
  deletedUser: 'original',
};

/** Accept what the docs do not forbid; judge the thread only at the run. */
export const lenientReadings: Readings = {
  offRoleToolCalls: 'count-at-run',
  offRoleToolCallId: 'refuse-at-run',
  extraFields: 'ignore',
  emptyLists: 'accept',
  blankContent: 'javascript',
  callsOnlyContent: 'trim',
  messageValidation: 'at-run',
  orphanTool: 'refuse-at-run',
  missingToolCallId: 'orphan',
  secondAnswer: 'refuse-at-run',
  systemAfterStart: 'accept',
  toolAdjacency: 'refuse-at-run',
  toolChoice: 'accept',
  nul: 'accept',
  blankMetadata: 'present',
  licenceType: 'present',
  toolNames: 'any',
  streamMetadata: 'ignore',
  streamTools: 'accept',
  wrongContentType: 'read',
  ruleOrder: 'reversed',
  lookupOrder: 'thread',
  deletedCheck: 'last',
  foreignThread: 'not-found',
  createdStatus: '200',
  deleteStatus: '200',
  storedContent: 'stripped',
  lastCursor: 'empty-page',
  deletedUser: 'placeholder',
};

/** The named presets (the CLI's `--preset`). */
export const readingPresets = { standard: standardReadings, strict: strictReadings, lenient: lenientReadings } as const;
