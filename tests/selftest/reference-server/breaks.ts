// The table of breaks: each one breaks a single documented promise, so that the self-test can prove
// the contract suite notices it and names it.

/** A break, by name. */
export type BreakName =
  | 'run-missing-field'
  | 'run-mistyped-field'
  | 'run-wrong-thread-id'
  | 'run-wrong-content-type'
  | 'run-wrong-status'
  | 'created-at-no-zone'
  | 'unknown-thread-wrong-code'
  | 'unknown-thread-wrong-status'
  | 'key-not-enforced'
  | 'rule-no-user-message-not-enforced'
  | 'tool-rule-not-enforced'
  | 'metadata-not-enforced'
  | 'validation-error-detail-string'
  | 'retry-after-missing'
  | 'stream-bad-chunk'
  | 'stack-ending-not-enforced'
  | 'streaming-not-enforced'
  | 'stream-unknown-thread-wrong-code'
  | 'stream-key-not-enforced'
  // Authorization and lifecycle (issue 11): one break per check.
  | 'thread-read-without-key'
  | 'cross-tenant-read'
  | 'cross-tenant-delete'
  | 'deleted-thread-served'
  | 'message-listed-late'
  | 'chat-foreign-thread'
  // Generated, model-based tests (issue 7): breaks that only generated inputs or sequences reach.
  | 'generated-astral-content-refused'
  | 'generated-tool-choice-server-error'
  | 'generated-user-id-thread-run-error'
  | 'generated-extra-field-server-error'
  | 'generated-long-thread-oldest-first'
  | 'generated-tenant-not-checked'
  | 'generated-mistyped-content-accepted'
  | 'generated-orphan-tool-message-accepted'
  | 'generated-empty-tools-server-error'
  | 'generated-second-tool-call-unanswerable'
  | 'generated-control-character-refused'
  // Streams (issue 21): what a stream says against itself and against what the thread keeps.
  | 'generated-stream-stored-text-differs'
  | 'generated-stream-line-other-message-id'
  // Rate limits (issue 21): the limiter's budgets and its 429s, judged by the rate-limit contract.
  | 'rate-limit-chat-not-counted'
  | 'rate-limit-other-counted'
  | 'rate-limit-retry-after-short'
  | 'rate-limit-stream-wrong-body'
  | 'rate-limit-not-enforced'
  | 'rate-limit-other-refused'
  | ReadBackBreak;

/** The read-back and paging breaks (issue 21): what a read shows differs from what was written. */
export type ReadBackBreak =
  | 'generated-content-nfc-normalized'
  | 'generated-tool-arguments-reserialized'
  | 'generated-last-updated-frozen'
  | 'generated-clock-hour-off'
  | 'generated-message-id-reused'
  | 'generated-limit-off-by-one'
  | 'generated-cursor-repeats'
  | 'generated-include-deleted-ignored'
  | 'generated-user-filter-ignored'
  | 'generated-content-truncated'
  | 'generated-content-html-escaped'
  | 'generated-astral-mangled'
  | 'generated-limit-ignored';

/** What a break changes: the promise it breaks, in the words of the docs. */
export const breakPromises: Record<BreakName, string> = {
  'run-missing-field': 'the run answer carries `sources` (it is dropped)',
  'run-mistyped-field': 'meta_data.legal_advice is a boolean (it is the string "false")',
  'run-wrong-thread-id': "the run answer's thread_id is the one in the path (it is another uuid)",
  'run-wrong-content-type': 'the run answer is application/json (it is text/plain)',
  'run-wrong-status': 'a run answers 200 (it answers 201)',
  'created-at-no-zone': "the run answer's created_at is RFC 3339 with a zone (the zone is dropped)",
  'unknown-thread-wrong-code': 'a run on an unknown thread is 404 thread_not_found (it says not_found)',
  'unknown-thread-wrong-status': 'a run on an unknown thread is 404 thread_not_found (it is 400)',
  'key-not-enforced': 'a call without api-key is 401 unauthorized (it is served as the main tenant)',
  'rule-no-user-message-not-enforced': 'a run needs a user message in the thread (a system-only thread is answered)',
  'tool-rule-not-enforced': 'a run needs every assistant tool call answered (an unanswered call is ignored)',
  'metadata-not-enforced': "a run carries the assistant's request_required_fields (missing metadata is ignored)",
  'validation-error-detail-string': "validation_error's detail is a list of {loc, message, type} (it is a string)",
  'retry-after-missing': 'a 429 carries Retry-After (it is left out)',
  'stream-bad-chunk': 'every NDJSON chunk carries message_id (the first one does not)',
  'stack-ending-not-enforced':
    'a run needs a thread that ends on a user or tool message (one ending on the assistant is answered)',
  'streaming-not-enforced':
    'run/stream of a non-streaming assistant is 422 engine_does_not_support_streaming (it streams)',
  'stream-unknown-thread-wrong-code': 'run/stream on an unknown thread is 404 thread_not_found (it says not_found)',
  'stream-key-not-enforced': 'run/stream without api-key is 401 unauthorized (it streams for the main tenant)',
  // Authorization and lifecycle (issue 11).
  'thread-read-without-key':
    'GET /v1/threads/{thread_id} without api-key is 401 unauthorized (it serves the thread as the main tenant)',
  'cross-tenant-read': "another tenant cannot list a thread's messages (it can)",
  'cross-tenant-delete': 'another tenant cannot delete a thread (it deletes it)',
  'deleted-thread-served': 'a deleted thread is 404 thread_not_found (GET still serves it)',
  'message-listed-late':
    "a message just added is among the thread's messages at once (the list leaves out messages younger than 2 s)",
  'chat-foreign-thread':
    "a chat completion cannot continue another tenant's thread (?thread_id= of one is answered with its messages)",
  // Generated, model-based tests (issue 7).
  'generated-astral-content-refused':
    'a message may hold any string (content with a character beyond U+FFFF is refused 422)',
  'generated-tool-choice-server-error': 'a run accepts the optional tool_choice (a body with tool_choice answers 500)',
  'generated-user-id-thread-run-error': 'a thread created with a user_id runs like any other (its runs answer 500)',
  'generated-extra-field-server-error':
    'a run body with a property the docs do not name is answered or refused, never a failure (it answers 500)',
  'generated-long-thread-oldest-first':
    'messages are listed newest first (a thread of more than one is listed oldest first)',
  'generated-tenant-not-checked': "another tenant's key cannot reach a thread (thread lookups ignore the tenant)",
  'generated-mistyped-content-accepted':
    "a message's content is a string (Create a message; content of another type is stored as its JSON text)",
  'generated-orphan-tool-message-accepted':
    'every tool message answers an assistant tool call (one that answers none is stored, and runs ignore it)',
  'generated-empty-tools-server-error': 'a run accepts an empty tools list (tools: [] answers 500)',
  'generated-second-tool-call-unanswerable':
    'each tool call of an assistant message can be answered (a tool message for the second call is refused)',
  'generated-control-character-refused':
    'a message may hold any string (content with a control character is refused 422)',
  // Read-back and paging (issue 21).
  'generated-content-nfc-normalized':
    'a message reads back as it was written (its content is stored normalized to NFC: e + U+0301 becomes é)',
  'generated-tool-arguments-reserialized':
    "an assistant message's tool_calls read back as sent (JSON arguments are re-serialized with Python's separators)",
  'generated-last-updated-frozen':
    "a thread's last_updated_at moves when a message is added (it stays at the thread's creation)",
  'generated-clock-hour-off':
    "a message's created_at is the UTC time of its creation (it is an hour behind: local time written as UTC)",
  'generated-message-id-reused': "message ids are unique across threads (each thread's nth message gets the same id)",
  'generated-limit-off-by-one': 'a page holds at most `limit` items (it holds one more)',
  'generated-cursor-repeats':
    "walking the cursor gives every item once (each next page repeats the last page's last item)",
  'generated-include-deleted-ignored': 'List threads with include_deleted=true lists deleted threads (it never does)',
  'generated-user-filter-ignored': "List threads with user_id lists only that user's threads (the filter is ignored)",
  'generated-content-truncated':
    'a message of up to 30,000 characters reads back whole (content is cut off at 10,000 characters)',
  'generated-content-html-escaped': 'a message reads back as it was written (<, >, &, " and \' are HTML-escaped)',
  'generated-limit-ignored': 'a page holds at most `limit` items (limit is ignored: every page holds up to 100)',
  'generated-astral-mangled':
    'a message reads back as it was written (characters beyond U+FFFF, such as emoji, become U+FFFD)',
  // Streams (issue 21).
  'generated-stream-stored-text-differs':
    "a streamed run's answer is stored as it was streamed (the thread keeps it without its last streamed piece)",
  'generated-stream-line-other-message-id':
    "every line of a stream carries the streamed message's id (the last line, with the sources, carries another)",
  // Rate limits (issue 21).
  'rate-limit-chat-not-counted':
    'chat completions share the answers budget of run and run/stream (they are counted in a budget of their own)',
  'rate-limit-other-counted':
    'calls to other endpoints do not count toward the answers budget (each is counted in it too)',
  'rate-limit-retry-after-short':
    "a call after a 429's Retry-After is served (Retry-After says 1 s when the minute window binds)",
  'rate-limit-stream-wrong-body':
    'the 429 of run/stream carries the documented error body (it is {"error": "Too Many Requests"})',
  'rate-limit-not-enforced': 'answer calls past the limit are refused with a 429 (they are counted, never refused)',
  'rate-limit-other-refused':
    'calls to other endpoints are not affected by the answers budget (they are refused while it is used up)',
};

/** Every break name, in table order. */
export const breakNames = Object.keys(breakPromises) as BreakName[];

/** No breaks: what the chat completion endpoints (outside the break table) run with. */
export const noBreaks: ReadonlySet<BreakName> = new Set();
