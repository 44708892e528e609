import { randomUUID } from 'node:crypto';
import { AuthFindings } from '../../contracts/authz/auth-findings.ts';
import { sampleRequest } from '../../contracts/authz/request-samples.ts';
import { resourceAvailability, useAfterDelete } from '../../contracts/check/auth-checks.ts';
import { operationIds } from '../../contracts/check/operation-path.ts';
import { tenantScope } from '../../contracts/check/tenant-scope.ts';
import type { ApiResult } from '../../contracts/client/api-client.ts';
import type { components } from '../../contracts/generated/api.ts';
import { expect, test } from '../support/fixtures.ts';
import { createPrivateThread, sampleContextOf } from '../support/private-thread.ts';
import { probeRefusal } from '../support/refusal-probe.ts';

type Thread = components['schemas']['Thread'];
type Message = components['schemas']['Message'];

/** The ids of a page's items, when the answer is a page. */
function idsIn(res: ApiResult): string[] {
  if (res.status !== 200) return [];
  return res.json<{ items?: Array<{ id: string }> }>().items?.map((item) => item.id) ?? [];
}

function got(res: ApiResult): string {
  return `${res.status}${res.errorCode ? ` ${res.errorCode}` : ''}`;
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
    if (read.status !== 200)
      findings.add(
        resourceAvailability,
        'getThread',
        read.status,
        `the thread just created: expected 200 with it. Got ${got(read)}.`,
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
        `listing the user's threads right after creating one: expected it among the items. Got ${got(listed)} without it.`,
        listed.curl,
      );

    const added = await api.call('createMessage', {
      path: { thread_id: created.id },
      body: { role: 'user', content: `agents-api-suite lifecycle note ${randomUUID()}` },
    });
    expect([200, 201], 'adding a message').toContain(added.status);
    const message = added.json<Message>();
    const messages = await api.call('listMessages', { path: { thread_id: created.id } });
    const stored =
      messages.status === 200
        ? messages.json<{ items: Message[] }>().items.find((m) => m.id === message.id)
        : undefined;
    if (!stored)
      findings.add(
        resourceAvailability,
        'listMessages',
        messages.status,
        `the message just added: expected it among the thread's messages. Got ${got(messages)} without it.`,
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

  test('answers 404 on every thread-scoped operation after a delete, and lists the thread no more (use-after-delete)', async ({
    api,
    threads,
    assistants,
  }, testInfo) => {
    const findings = new AuthFindings(testInfo);
    const owned = await createPrivateThread(api, threads);
    const deleted = await api.call('deleteThread', { path: { thread_id: owned.thread.id } });
    expect([200, 204], 'deleting the thread').toContain(deleted.status);

    // Every operation on the thread, from the generated index.
    for (const operationId of operationIds.filter((id) => tenantScope(id) === 'thread')) {
      const request = await sampleRequest(operationId, sampleContextOf(owned, assistants.primary));
      await probeRefusal(api, findings, {
        check: useAfterDelete,
        operationId,
        key: 'main',
        request,
        label: 'after the thread was deleted',
        ...useAfterDelete.refusal(operationId),
        secrets: owned.secrets,
      });
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
    expect([200, 204], 'deleting the message').toContain(deleted.status);
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
