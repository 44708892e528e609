// What a status says where the pages print none (decision 0070): a success is any 2xx, a refusal
// any 4xx but 429. Plain functions with no imports, so that the checker loads in k6 as in Node.

/**
 * A refusal: any 4xx but 429. A 429 says the budget ran out, not that the request may not be
 * served. Which status and code another tenant or a deleted thread gets, the docs do not say
 * (403 permission_denied, 404 thread_not_found, 400 thread_is_deactivated, 404 assistant_not_found
 * are all readings of them); the contract check reports the one an API chose against our reading.
 */
export function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 429;
}

/** A success: any 2xx (which one is a reading the contract check reports: 200 or 201, 200 or 204). */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * The documented success a 2xx the operation does not document is held to: the one answer its
 * documented successes share (200 and 201 may name the same one). Which 2xx is a reading, named
 * apart as an assumption, but the body a page shows is a promise whatever the status: an API that
 * answers its runs 201 is still held to the answer's shape. Only for statuses whose content is the
 * answer (RFC 9110, 15.3): not 202 (accepted, not done), 204 and 205 (no content) or 206 (a part).
 */
export function theOneSuccess<Spec extends { validator?: string | undefined }>(
  responses: Record<string, Spec>,
  status: number,
): Spec | undefined {
  if (![200, 201, 203].includes(status) || responses[String(status)] !== undefined) return undefined;
  const successes = Object.entries(responses).filter(([documented]) => isSuccess(Number(documented)));
  const answers = new Set(successes.map(([, spec]) => spec.validator));
  return answers.size === 1 ? successes[0]?.[1] : undefined;
}
