import { expect, test } from '../support/fixtures.ts';

type Fixtures = Parameters<Parameters<typeof test>[2]>[0];

/** A thread of the assistant that requires user_data.licence (the test is skipped without one). */
async function licensedThread(threads: Fixtures['threads'], assistants: Fixtures['assistants']) {
  const assistant = assistants.requiringLicence;
  test.skip(!assistant, 'the tenant has no assistant whose request_required_fields asks for user_data.licence');
  if (!assistant) throw new Error('unreachable: test.skip ends the test');
  return {
    assistant,
    thread: await threads.withMessages([{ role: 'user', content: 'Darf ich kündigen?' }], assistant),
  };
}

test.describe('Create a run: request metadata', () => {
  test('answers 422 request_metadata_missing_or_incomplete when a required field is missing, and 200 with it', async ({
    api,
    threads,
    assistants,
  }) => {
    const { assistant, thread } = await licensedThread(threads, assistants);

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

  // The docs name user_data.licence without a type (catalog: field-type-open, metadata-blank):
  // a correct API may refuse a number at the field, take it as a licence, or count it as missing.
  test('answers a user_data.licence that is a number with a run, a 422 naming the field, or 422 request_metadata_missing_or_incomplete', async ({
    api,
    threads,
    assistants,
  }) => {
    const { thread } = await licensedThread(threads, assistants);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: { meta_data: { user_data: { licence: 42 } } },
    });
    const answer = `${res.status} ${res.errorCode ?? ''}`.trim();
    expect(['200', '422 validation_error', '422 request_metadata_missing_or_incomplete']).toContain(answer);
    if (res.errorCode === 'validation_error') {
      const locs = res.json<{ detail: Array<{ loc: unknown[] }> }>().detail.map((issue) => issue.loc.join('.'));
      expect(
        locs.some((loc) => loc.includes('licence')),
        `some loc names licence: ${locs.join(' | ')}`,
      ).toBe(true);
    }
  });
});
