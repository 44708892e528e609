// A run answer that keeps the contract (the documented example's shape), for checker tests.

/** The thread the answer belongs to. */
export const THREAD = '1a2b3c4d-5678-4abc-8ef0-112233445566';

/** A conforming createRun 200 body. */
export const ANSWER = {
  id: '5e6f7081-9012-4ef0-9234-556677889900',
  thread_id: THREAD,
  role: 'assistant',
  content: 'Zwei Wochen.',
  created_at: '2025-03-15T09:13:02.654321Z',
  meta_data: { intent: 'Kündigungsfrist Probezeit', legal_advice: false, type: '53aa66b7-b874-407f-967c-3a959c919d62' },
  sources: [{ content: '§ 622 Abs. 3 BGB', meta_data: { document_title: 'BGB', section: '§ 622 Abs. 3' } }],
};
