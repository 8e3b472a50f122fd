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
export type AuthenticatedRequest = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

export type AuthenticationOutcome =
  | { readonly ok: true; readonly auth: AuthenticatedRequest }
  | { readonly ok: false; readonly reason: string };

export type TurnLogic = (context: TurnContext) => Promise<void>;

type ConnectorFactory = NonNullable<AuthenticatedRequest['connectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type ClaimsIdentity = AuthenticatedRequest['claimsIdentity'];
type UserTokenClient = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['createUserTokenClient']>
>;

export interface BotAdapterSettings {
  /** Longest wait for the channel to accept one reply (per attempt); see SERVER_DEFAULTS.channelTimeoutMs. */
  readonly channelTimeoutMs: number;
  /** Connector clients kept for reuse (one per channel service URL); see SERVER_DEFAULTS.maxCachedConnectors. */
  readonly maxCachedConnectors: number;
}

type PromiseCache<T> = (key: string, make: () => Promise<T>) => Promise<T>;

/**
 * Values kept by key, at most `maxEntries`, the least recently used dropped first. A
 * creation that fails is forgotten, so the next call tries again.
 */
function createPromiseCache<T>(maxEntries: number): PromiseCache<T> {
  const entries = new Map<string, Promise<T>>();
  return (key, make) => {
    const found = entries.get(key);
    if (found) {
      entries.delete(key);
      entries.set(key, found);
      return found;
    }
    const made = make();
    entries.set(key, made);
    void made.catch(() => {
      if (entries.get(key) === made) entries.delete(key);
    });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done === true) break;
      entries.delete(oldest.value);
    }
    return made;
  };
}

/** The app id a connector factory or token client is made for (as botframework-connector reads it). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue('aud') ?? claimsIdentity.getClaimValue('appid') ?? '';
}

/**
 * A connector client with two guards on every call to the channel: a timeout (the SDK's
 * own default is none, so a channel that never answers would hold the turn, its socket
 * and its memory for ever) and failures raised as ChannelDeliveryError, so the bot's
 * error handler can tell "the channel is unreachable" from "the bot failed". The SDK's
 * own retries (3, exponential, for refused connections and 5xx) stay.
 */
export function guardConnectorClient(
  client: ConnectorClient,
  settings: Pick<BotAdapterSettings, 'channelTimeoutMs'>,
): ConnectorClient {
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
}

/**
 * ConfigurationBotFrameworkAuthentication that keeps its user-token clients. CloudAdapter
 * asks for one on every turn, and each is a new HTTP pipeline with new credentials,
 * although this bot never signs anyone in; one per app id is enough.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly userTokenClients = createPromiseCache<UserTokenClient>(16);

  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokenClients(appIdOf(claimsIdentity), () =>
      super.createUserTokenClient(claimsIdentity),
    );
  }
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
  private readonly connectors: PromiseCache<ConnectorClient>;

  constructor(
    authentication: ConfigurationBotFrameworkAuthentication,
    settings: Partial<BotAdapterSettings> = {},
  ) {
    super(authentication);
    this.settings = {
      channelTimeoutMs: settings.channelTimeoutMs ?? SERVER_DEFAULTS.channelTimeoutMs,
      maxCachedConnectors: settings.maxCachedConnectors ?? SERVER_DEFAULTS.maxCachedConnectors,
    };
    this.connectors = createPromiseCache(this.settings.maxCachedConnectors);
  }

  /** Checks the Authorization header; with no MicrosoftAppId configured every request is anonymous and passes. */
  async authenticate(activity: Activity, authHeader: string): Promise<AuthenticationOutcome> {
    try {
      return {
        ok: true,
        auth: await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader),
      };
    } catch (error) {
      // AuthenticationError (no, bad or foreign token) and failures to fetch the signing
      // keys both end here: a request we cannot verify is not let in.
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Runs one turn; the InvokeResponse carries expectReplies' activities or an invoke's
   * answer. CloudAdapter makes a new connector client (an HTTP pipeline and credentials)
   * for every turn, even one whose replies travel back in the response; here a client
   * is made once per app id, audience and service URL, guarded (guardConnectorClient),
   * and reused: a bounded number of them, since anonymous clients choose the URL.
   */
  async run(
    auth: AuthenticatedRequest,
    activity: Activity,
    logic: TurnLogic,
  ): Promise<InvokeResponse | undefined> {
    const inner = auth.connectorFactory;
    if (!inner) return this.processActivity(auth, activity, logic);
    const appId = appIdOf(auth.claimsIdentity);
    const connectorFactory: ConnectorFactory = {
      create: async (serviceUrl: string, audience?: string) =>
        this.connectors(`${appId}\n${audience ?? ''}\n${serviceUrl}`, async () =>
          guardConnectorClient(await inner.create(serviceUrl, audience), this.settings),
        ),
    };
    return this.processActivity({ ...auth, connectorFactory }, activity, logic);
  }
}

/**
 * The adapter for a config: anonymous local mode without MicrosoftAppId, Bot Framework
 * authentication with it. `overrides` lets tests point the OpenID metadata at a fake;
 * `settings` lets them shorten the channel timeout.
 */
export function createBotAdapter(
  config: Pick<
    Config,
    'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'
  >,
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
  return new BotAdapter(
    new ReusingBotFrameworkAuthentication({ ...credentials, ...overrides }, credentialsFactory),
    settings,
  );
}
