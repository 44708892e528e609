// A conforming run answer (200 of POST /v1/threads/{thread_id}/run) for table tests; a test breaks
// one promise of it with `overrides`.

/** The answer of a run on thread `id`, with `overrides` merged in at the top level. */
export function runAnswer(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    thread_id: id,
    role: 'assistant',
    content: 'Three months.',
    created_at: '2025-01-15T10:00:00.000000+00:00',
    meta_data: { intent: 'question', legal_advice: false, type: 'lease' },
    sources: [],
    ...overrides,
  };
}
