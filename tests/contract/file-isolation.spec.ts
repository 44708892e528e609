// Another tenant, and another end user of the same tenant, against a user's files: every operation
// of the generated index whose path names a file, or that lists a user's files (tenant-scope.ts),
// and the attachment of another user's file to a message. A refusal is any 4xx but 429 (which one,
// the docs do not say; the contract checker judges the status and code the API chose); the answer
// carries nothing of the file, and the owner sees the file as before. The `user-id` header names an end user, it does not prove
// one: another user is a call of the same tenant that names another user.
import { randomUUID } from 'node:crypto';
import { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import { sampleRequest } from '../../contracts/authz/request-samples.ts';
import { tenantIsolation, userIsolation } from '../../contracts/check/auth-checks.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
import { tenantScope } from '../../contracts/check/tenant-scope.ts';
import type { ApiClient } from '../../contracts/client/api-client.ts';
import type { KeyChoice } from '../../contracts/client/key-choice.ts';
import type { components } from '../../contracts/generated/api.ts';
import { operations } from '../../contracts/generated/validators.js';
import type { RefusalKind } from '../../contracts/ledger/auth-records.ts';
import { expectSuccess } from '../support/promised-answers.ts';
import { probeRefusal } from '../support/refusal-probe.ts';
import { asUser, test, type UserFile } from '../support/user-files.ts';

type FileList = components['schemas']['FileList'];

const NEEDS_OTHER_KEY =
  'needs API_KEY_OTHER_TENANT: a key of another tenant, to show that it reaches nothing of this one';

/** Who asks: another tenant naming the owner, or the owner's tenant naming another user. */
const INTRUDERS: Array<{ kind: RefusalKind; key: KeyChoice; user: (file: UserFile) => string; label: string }> = [
  {
    kind: 'other-tenant',
    key: 'other',
    user: (f) => f.userId,
    label: "with API_KEY_OTHER_TENANT and the owner's user-id",
  },
  { kind: 'other-user', key: 'main', user: () => randomUUID(), label: 'with the main key and another user-id' },
];

const checkOf = (kind: RefusalKind) => (kind === 'other-user' ? userIsolation : tenantIsolation);

/** What the owner sees of the file: its status and whether the user's list holds it. */
async function ownerView(api: ApiClient, file: UserFile): Promise<string> {
  const status = await api.call('getFileStatus', { path: { file_id: file.fileId }, headers: asUser(file.userId) });
  const listed = await api.call('listFiles', { headers: asUser(file.userId) });
  const holds = isSuccess(listed.status) && listed.json<FileList>().files.some((f) => f.file_id === file.fileId);
  return `status ${status.status}, ${holds ? 'listed' : 'not listed'}`;
}

test.describe('File isolation', () => {
  for (const operationId of operationIds) {
    const op = operations[operationId];
    const scope = tenantScope(operationId);
    if (scope !== 'file' && scope !== 'user-listing') continue;
    for (const intruder of INTRUDERS) {
      const who = intruder.kind === 'other-user' ? 'another user' : 'another tenant';
      const promise =
        scope === 'file' ? `refuses ${who} this user's file` : `shows ${who} nothing of this user's files`;
      test(`${promise}, reveals nothing and changes nothing: ${operationId} (${op.method} ${op.path})`, async ({
        api,
        assistants,
        files,
        target,
      }, testInfo) => {
        test.skip(intruder.key === 'other' && !target.otherTenantKey, NEEDS_OTHER_KEY);
        const findings = new AuthFindings(testInfo);
        const file = await files.upload();
        const check = checkOf(intruder.kind);
        const request = await sampleRequest(operationId, {
          assistant: assistants.primary,
          userId: intruder.user(file),
          fileId: file.fileId,
        });
        const before = await ownerView(api, file);
        const answer = await probeRefusal(api, findings, {
          check,
          operationId,
          key: intruder.key,
          request,
          label: intruder.label,
          ...(scope === 'file' ? check.refusal() : check.listing()),
          secrets: file.secrets,
          kind: intruder.kind,
        });
        const after = await ownerView(api, file);
        if (after !== before)
          findings.add(
            check,
            operationId,
            answer.status,
            `${intruder.label}: afterwards the owner sees the file as "${after}" (before: "${before}").`,
            answer.curl,
          );
        findings.throwIfAny();
      });
    }
  }

  test("refuses a message of another user's thread that attaches this user's file without naming its owner", async ({
    api,
    files,
    threads,
  }, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const file = await files.upload();
    // The thread is another user's; the attachment names no user, so it is that user's file it asks for.
    const thread = await threads.create(undefined, { user_id: randomUUID() });
    await attachmentProbe(api, findings, {
      kind: 'other-user',
      key: 'main',
      threadId: thread.id,
      attachment: { file_id: file.fileId },
      file,
      label: "a message of another user's thread attaching the file",
    });
    findings.throwIfAny();
  });

  test("refuses another tenant's message that attaches this user's file, naming its owner", async ({
    api,
    files,
    target,
  }, testInfo) => {
    test.skip(!target.otherTenantKey, NEEDS_OTHER_KEY);
    const findings = new AuthFindings(testInfo);
    const file = await files.upload();
    const theirs = (await api.call('listAssistants', { key: 'other' })).json<Array<{ id: string }>>()[0];
    test.skip(!theirs, "API_KEY_OTHER_TENANT's tenant lists no assistant of its own");
    if (!theirs) return;
    const created = await api.call('createThread', {
      key: 'other',
      body: { assistant_id: theirs.id, user_id: file.userId, title: 'agents-api-suite file isolation' },
    });
    expectSuccess(created, "the other tenant's own thread");
    const threadId = created.json<{ id: string }>().id;
    try {
      await attachmentProbe(api, findings, {
        kind: 'other-tenant',
        key: 'other',
        threadId,
        attachment: { file_id: file.fileId, user_id: file.userId },
        file,
        label: "another tenant's message attaching the file with its owner's user_id",
      });
    } finally {
      await api.call('deleteThread', { path: { thread_id: threadId }, key: 'other' });
    }
    findings.throwIfAny();
  });
});

/**
 * Adds a user message with the attachment to the intruder's thread and runs it: the message may be
 * refused (any refusal, as above), or accepted with the file's check left to the
 * run; either way no answer may carry the file's name or text.
 */
async function attachmentProbe(
  api: ApiClient,
  findings: AuthFindings,
  p: {
    kind: RefusalKind;
    key: KeyChoice;
    threadId: string;
    attachment: { file_id: string; user_id?: string };
    file: UserFile;
    label: string;
  },
): Promise<void> {
  const check = checkOf(p.kind);
  const refusal = check.refusal();
  // The file id is in the request: an answer that repeats it reveals nothing.
  const secrets = p.file.secrets.filter((s) => s.label !== 'the file id');
  const added = await probeRefusal(api, findings, {
    check,
    operationId: 'createMessage',
    key: p.key,
    request: {
      path: { thread_id: p.threadId },
      body: { role: 'user', content: 'Was steht in der Datei?', attachments: [p.attachment] },
    },
    label: p.label,
    expected: `${refusal.expected}, or the message stored and the file left to the run`,
    accepts: (status, code) => (status >= 200 && status < 300) || refusal.accepts(status, code),
    secrets,
  });
  if (added.status < 200 || added.status >= 300) return;
  await probeRefusal(api, findings, {
    check,
    operationId: 'createRun',
    key: p.key,
    request: { path: { thread_id: p.threadId }, body: {} },
    label: `${p.label}, then a run`,
    expected: 'any answer that carries nothing of the file',
    accepts: () => true,
    secrets,
  });
}
