import { randomUUID } from 'node:crypto';
import { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import { sampleRequest } from '../../contracts/authz/request-samples.ts';
import { resourceAvailability, useAfterDelete } from '../../contracts/check/auth-checks.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { isSuccess } from '../../contracts/check/status-class.ts';
import { tenantScope } from '../../contracts/check/tenant-scope.ts';
import type { ApiResult } from '../../contracts/client/api-client.ts';
import type { components } from '../../contracts/generated/api.ts';
import { test } from '../support/fixtures.ts';
import { createPrivateThread, sampleContextOf } from '../support/private-thread.ts';
import { answered, expectSuccess } from '../support/promised-answers.ts';
import { probeLeavingThreadGone } from '../support/refusal-probe.ts';

type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];

/** The ids of a page's items, when the answer is a page. */
function idsIn(res: ApiResult): string[] {
  if (!isSuccess(res.status)) return [];
  return res.json<{ items?: Array<{ id: string }> }>().items?.map((item) => item.id) ?? [];
}

test.describe('Resource lifecycle', () => {
  test('reads back a created thread and its message at once (resource-availability)', async ({
    api,
    threads,
  }, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const userId = randomUUID();
    const created = await threads.create(undefined, {
      title: `agents-api-suite lifecycle ${randomUUID()}`,
      user_id: userId,
    });

    const read = await api.call('getThread', { path: { thread_id: created.id } });
    if (!isSuccess(read.status))
      findings.add(
        resourceAvailability,
        'getThread',
        read.status,
        `the thread just created: expected a 2xx with it. Got ${answered(read)}.`,
        read.curl,
      );
    else {
      const changed = resourceAvailability.changedFields(created, read.json<Thread>());
      if (changed.length > 0)
        findings.add(
          resourceAvailability,
          'getThread',
          read.status,
          `the thread just created reads back with other values for ${changed.join(', ')}.`,
          read.curl,
        );
    }
    const listed = await api.call('listThreads', { query: { user_id: userId } });
    if (!idsIn(listed).includes(created.id))
      findings.add(
        resourceAvailability,
        'listThreads',
        listed.status,
        `listing the user's threads right after creating one: expected it among the items. Got ${answered(listed)} without it.`,
        listed.curl,
      );

    const added = await api.call('createMessage', {
      path: { thread_id: created.id },
      body: { role: 'user', content: `agents-api-suite lifecycle note ${randomUUID()}` },
    });
    expectSuccess(added, 'adding a message');
    const message = added.json<Message>();
    const messages = await api.call('listMessages', { path: { thread_id: created.id } });
    const stored = isSuccess(messages.status)
      ? messages.json<{ items: Message[] }>().items.find((m) => m.id === message.id)
      : undefined;
    if (!stored)
      findings.add(
        resourceAvailability,
        'listMessages',
        messages.status,
        `the message just added: expected it among the thread's messages. Got ${answered(messages)} without it.`,
        messages.curl,
      );
    else {
      const changed = resourceAvailability.changedFields(message, stored);
      if (changed.length > 0)
        findings.add(
          resourceAvailability,
          'listMessages',
          messages.status,
          `the message just added is listed with other values for ${changed.join(', ')}.`,
          messages.curl,
        );
    }
    findings.throwIfAny();
  });

  test('refuses every thread-scoped operation after a delete, reveals nothing, keeps the thread gone, and lists it no more (use-after-delete)', async ({
    api,
    threads,
    assistants,
  }, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const owned = await createPrivateThread(api, threads);
    const deleted = await api.call('deleteThread', { path: { thread_id: owned.thread.id } });
    expectSuccess(deleted, 'deleting the thread');

    // Every operation on the thread, from the generated index. Any refusal is accepted: 404
    // thread_not_found and 400 thread_is_deactivated are both readings of the pages.
    for (const operationId of operationIds.filter((id) => tenantScope(id) === 'thread')) {
      const request = await sampleRequest(operationId, sampleContextOf(owned, assistants.primary));
      await probeLeavingThreadGone(
        api,
        findings,
        {
          check: useAfterDelete,
          operationId,
          key: 'main',
          request,
          label: 'after the thread was deleted',
          ...useAfterDelete.refusal(operationId),
          secrets: owned.secrets,
        },
        owned.thread.id,
      );
    }
    const listed = await api.call('listThreads', { query: { user_id: owned.userId } });
    if (idsIn(listed).includes(owned.thread.id))
      findings.add(
        useAfterDelete,
        'listThreads',
        listed.status,
        "listing the user's threads (without include_deleted): expected the deleted thread to be gone. It is among the items.",
        listed.curl,
      );
    findings.throwIfAny();
  });

  test('lists a deleted message no more (use-after-delete)', async ({ api, threads }, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const owned = await createPrivateThread(api, threads);
    const deleted = await api.call('deleteMessage', {
      path: { thread_id: owned.thread.id, message_id: owned.message.id },
    });
    expectSuccess(deleted, 'deleting the message');
    const messages = await api.call('listMessages', { path: { thread_id: owned.thread.id } });
    if (idsIn(messages).includes(owned.message.id))
      findings.add(
        useAfterDelete,
        'listMessages',
        messages.status,
        "the deleted message: expected it gone from the thread's messages. It is among the items.",
        messages.curl,
      );
    findings.throwIfAny();
  });
});
