import { isSuccess } from '../../contracts/check/status-class.ts';
import { expect, test } from '../support/fixtures.ts';
import { expectRefusal, expectSuccess, validationLocs } from '../support/promised-answers.ts';

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

// Request Metadata Validation states both the status and the code: "If a required field is missing
// or null, the API returns HTTP 422", request_metadata_missing_or_incomplete.
test.describe('Create a run: request metadata', () => {
  test('answers 422 request_metadata_missing_or_incomplete when a required field is missing, and runs with it', async ({
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
    expectSuccess(ok, 'a run with the required metadata');
  });

  // The docs name user_data.licence without a type (catalog: field-type-open, metadata-blank):
  // a correct API may refuse a number at the field, take it as a licence, or count it as missing.
  test('answers a user_data.licence that is a number with a run, a validation error naming the field, or request_metadata_missing_or_incomplete', async ({
    api,
    threads,
    assistants,
  }) => {
    const { thread } = await licensedThread(threads, assistants);
    const res = await api.call('createRun', {
      path: { thread_id: thread.id },
      body: { meta_data: { user_data: { licence: 42 } } },
    });
    if (isSuccess(res.status)) return;
    expectRefusal(res, 'a run whose licence is a number');
    if (res.errorCode === 'request_metadata_missing_or_incomplete') return;
    const locs = validationLocs(res, 'a run whose licence is a number');
    expect(
      locs.some((loc) => loc.includes('licence')),
      `some loc names licence: ${locs.join(' | ')}`,
    ).toBe(true);
  });
});
