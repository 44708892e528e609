import { expect, test } from '../support/fixtures.ts';

test.describe('Create a run: request metadata', () => {
  test('answers 422 request_metadata_missing_or_incomplete when a required field is missing, and 200 with it', async ({
    api,
    threads,
    assistants,
  }) => {
    const assistant = assistants.requiringLicence;
    test.skip(!assistant, 'the tenant has no assistant whose request_required_fields asks for user_data.licence');
    if (!assistant) return;
    const thread = await threads.withMessages([{ role: 'user', content: 'Darf ich kündigen?' }], assistant);

    for (const [label, body] of [
      ['no metadata', {}],
      ['user_data without licence', { meta_data: { user_data: {} } }],
    ] as const) {
      const res = await api.call('createRun', { path: { thread_id: thread.id }, body });
      expect(res.status, label).toBe(422);
      expect(res.errorCode, label).toBe('request_metadata_missing_or_incomplete');
    }
    const ok = await api.call('createRun', { path: { thread_id: thread.id }, body: threads.runBody(assistant) });
    expect(ok.status).toBe(200);
  });
});
