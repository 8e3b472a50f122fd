import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';

/** What the Bot Framework proved about a request: passed from authenticate() to run(). */
export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export type AuthenticationOutcome = { readonly ok: true; readonly auth: AuthenticatedRequest } | { readonly ok: false; readonly reason: string };

export type TurnLogic = (context: TurnContext) => Promise<void>;

/**
 * CloudAdapter with authentication and the turn as two public steps.
 *
 * CloudAdapter.process() does both and, on a bad token, prints the whole error with
 * console.error and answers 401 with a bare string: every unauthenticated request on
 * the internet would write a stack trace. The server calls authenticate() itself,
 * answers 401 as JSON with one quiet log line, and then runs the turn through the same
 * protected processActivity() that process() uses (middleware, onTurnError and
 * expectReplies buffering included).
 */
export class BotAdapter extends CloudAdapter {
  /** Checks the Authorization header; with no MicrosoftAppId configured every request is anonymous and passes. */
  async authenticate(activity: Activity, authHeader: string): Promise<AuthenticationOutcome> {
    try {
      return { ok: true, auth: await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader) };
    } catch (error) {
      // AuthenticationError (no, bad or foreign token) and failures to fetch the signing
      // keys both end here: a request we cannot verify is not let in.
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Runs one turn; the InvokeResponse carries expectReplies' activities or an invoke's answer. */
  async run(auth: AuthenticatedRequest, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/**
 * The adapter for a config: anonymous local mode without MicrosoftAppId, Bot Framework
 * authentication with it. `overrides` lets tests point the OpenID metadata at a fake.
 */
export function createBotAdapter(
  config: Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'>,
  overrides: ConfigurationBotFrameworkAuthenticationOptions = {},
): BotAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const credentialsFactory = new ConfigurationServiceClientCredentialFactory(credentials);
  return new BotAdapter(new ConfigurationBotFrameworkAuthentication({ ...credentials, ...overrides }, credentialsFactory));
}
