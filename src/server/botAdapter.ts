import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { ChannelDeliveryError } from '../bot/channelDeliveryError';
import type { Config } from '../config';
import { SERVER_DEFAULTS } from './serverDefaults';

/** What the Bot Framework proved about a request: passed from authenticate() to run(). */
export type AuthenticatedRequest = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export type AuthenticationOutcome = { readonly ok: true; readonly auth: AuthenticatedRequest } | { readonly ok: false; readonly reason: string };

export type TurnLogic = (context: TurnContext) => Promise<void>;

type ConnectorFactory = NonNullable<AuthenticatedRequest['connectorFactory']>;

export interface BotAdapterSettings {
  /** Longest wait for the channel to accept one reply (per attempt); see SERVER_DEFAULTS.channelTimeoutMs. */
  readonly channelTimeoutMs: number;
}

/**
 * The connector factory with two guards on every call to the channel: a timeout (the
 * SDK's own default is none, so a channel that never answers would hold the turn, its
 * socket and its memory for ever) and failures raised as ChannelDeliveryError, so the
 * bot's error handler can tell "the channel is unreachable" from "the bot failed".
 * The SDK's own retries (3, exponential, for refused connections and 5xx) stay.
 */
export function guardConnectorFactory(inner: ConnectorFactory, settings: BotAdapterSettings): ConnectorFactory {
  return {
    create: async (serviceUrl: string, audience?: string) => {
      const client = await inner.create(serviceUrl, audience);
      const send = client.sendOperationRequest.bind(client);
      client.sendOperationRequest = async (operationArguments, operationSpec, callback) => {
        const options = { timeout: settings.channelTimeoutMs, ...operationArguments.options };
        try {
          return await send({ ...operationArguments, options }, operationSpec, callback);
        } catch (error: unknown) {
          throw new ChannelDeliveryError(error);
        }
      };
      return client;
    },
  };
}

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
  private readonly settings: BotAdapterSettings;

  constructor(authentication: ConfigurationBotFrameworkAuthentication, settings: Partial<BotAdapterSettings> = {}) {
    super(authentication);
    this.settings = { channelTimeoutMs: settings.channelTimeoutMs ?? SERVER_DEFAULTS.channelTimeoutMs };
  }

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
    const { connectorFactory } = auth;
    const guarded: AuthenticatedRequest = connectorFactory ? { ...auth, connectorFactory: guardConnectorFactory(connectorFactory, this.settings) } : auth;
    return this.processActivity(guarded, activity, logic);
  }
}

/**
 * The adapter for a config: anonymous local mode without MicrosoftAppId, Bot Framework
 * authentication with it. `overrides` lets tests point the OpenID metadata at a fake;
 * `settings` lets them shorten the channel timeout.
 */
export function createBotAdapter(
  config: Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'>,
  overrides: ConfigurationBotFrameworkAuthenticationOptions = {},
  settings: Partial<BotAdapterSettings> = {},
): BotAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const credentialsFactory = new ConfigurationServiceClientCredentialFactory(credentials);
  return new BotAdapter(new ConfigurationBotFrameworkAuthentication({ ...credentials, ...overrides }, credentialsFactory), settings);
}
