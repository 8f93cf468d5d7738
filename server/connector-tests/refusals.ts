import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../errors';

/** Why a connector test was refused. Each is audited first, then answered (the page words it from `error.<code>`). */
export const TEST_RUN_REFUSALS = {
  test_app_not_found: [404, 'That app was not found.'],
  test_no_connector: [409, 'This app has no saved connector; test the one in the editor.'],
  test_run_not_found: [404, 'That connector test was not found for you.'],
  test_run_app_mismatch: [403, 'That connector test was for a different app.'],
  test_run_expired: [410, 'That connector test has expired; start it again.'],
  test_run_used: [409, 'That connector test already ran; start it again.'],
  test_run_not_released: [409, 'That connector test has not started yet, so there is no outcome to report.'],
  test_run_finished: [409, 'That connector test already has its outcome.'],
  test_not_allowed: [403, 'Only IT can run connector tests.'],
  origin_not_allowed: [403, 'The sign-in may not be used on that site.'],
} as const satisfies Record<string, readonly [ContentfulStatusCode, string]>;

export type TestRunRefusal = keyof typeof TEST_RUN_REFUSALS;

export const testRunError = (code: TestRunRefusal) =>
  new AppError(code, TEST_RUN_REFUSALS[code][0], TEST_RUN_REFUSALS[code][1]);
