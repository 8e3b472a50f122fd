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
import { isAnonymousMode, type Config } from '../config';
import { boundIdentityFetches, isIdentityUnavailable } from './boundIdentityFetches';
import { SERVER_DEFAULTS } from './serverDefaults';
import { createServiceUrlCheck, isDotSegment, parseServiceUrl } from './serviceUrls';

/** What the Bot Framework proved about a request: passed from authenticate() to run(). */
export type AuthenticatedRequest = Awaited<
  ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
>;

export type AuthenticationOutcome =
  | { readonly ok: true; readonly auth: AuthenticatedRequest }
  | {
      readonly ok: false;
      readonly reason: string;
      /** True when the signing keys could not be fetched (503), false for a token refused (401). */
      readonly isUnavailable: boolean;
    };

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
  /** Wait before the one retry of a refused connection or a 5xx; see SERVER_DEFAULTS.channelRetryDelayMs. */
  readonly channelRetryDelayMs: number;
  /** Which service URLs may be called (createServiceUrlCheck); any http(s) URL when absent. */
  readonly isServiceUrlAllowed: (serviceUrl: string) => boolean;
}

/** What guardConnectorClient needs of @azure/core-rest-pipeline (a transitive dependency, so described here). */
interface PipelineRequestLike {
  readonly url: string;
  readonly method: string;
  readonly abortSignal?: AbortSignal;
}
interface PipelineResponseLike {
  readonly status: number;
}
type SendRequest = (request: PipelineRequestLike) => Promise<PipelineResponseLike>;
interface PipelinePolicyLike {
  readonly name: string;
  sendRequest(request: PipelineRequestLike, next: SendRequest): Promise<PipelineResponseLike>;
}
interface PipelineLike {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicyLike, options?: { phase?: string }): void;
}

/** The HTTP pipeline behind a connector client (ServiceClientContext keeps it in a private `client`). */
function pipelineOf(client: ConnectorClient): PipelineLike | null {
  const serviceClient: unknown = Reflect.get(client, 'client');
  const pipeline: unknown =
    typeof serviceClient === 'object' && serviceClient !== null
      ? Reflect.get(serviceClient, 'pipeline')
      : undefined;
  return typeof pipeline === 'object' &&
    pipeline !== null &&
    typeof Reflect.get(pipeline, 'removePolicy') === 'function' &&
    typeof Reflect.get(pipeline, 'addPolicy') === 'function'
    ? (pipeline as PipelineLike)
    : null;
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === 'AbortError' || /timed? ?out|aborted/i.test(error.message))
  );
}

async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** The folder a service URL names, with a trailing slash: where every call must stay. */
function basePathOf(serviceUrl: URL): string {
  return serviceUrl.pathname.endsWith('/') ? serviceUrl.pathname : `${serviceUrl.pathname}/`;
}

/**
 * The channel calls' own policies: every request must stay under the service URL's
 * `v3/` path on its origin, and the service URL must be one the bot may call; a
 * refused connection or a 5xx is retried once (a timeout is not).
 */
function channelPolicies(
  baseUri: string,
  settings: Pick<BotAdapterSettings, 'channelRetryDelayMs' | 'isServiceUrlAllowed'>,
): PipelinePolicyLike[] {
  const base = parseServiceUrl(baseUri);
  const stayUnderServiceUrl: PipelinePolicyLike = {
    name: 'cityProfileBotStayUnderServiceUrl',
    sendRequest: async (request, next) => {
      const target = URL.canParse(request.url) ? new URL(request.url) : null;
      if (
        !base ||
        !settings.isServiceUrlAllowed(baseUri) ||
        !target ||
        target.origin !== base.origin ||
        !target.pathname.startsWith(`${basePathOf(base)}v3/`)
      )
        throw new Error('refused to call the channel outside its service URL');
      return next(request);
    },
  };
  const retryOnce: PipelinePolicyLike = {
    name: 'cityProfileBotRetryOnce',
    sendRequest: async (request, next) => {
      try {
        const response = await next(request);
        if (response.status < 500) return response;
      } catch (error: unknown) {
        if (isTimeout(error) || request.abortSignal?.aborted === true) throw error;
      }
      await sleep(settings.channelRetryDelayMs, request.abortSignal);
      return next(request);
    },
  };
  return [stayUnderServiceUrl, retryOnce];
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
 * A connector client with guards on every call to the channel: a timeout (the SDK's own
 * default is none, so a channel that never answers would hold the turn, its socket and
 * its memory for ever); no redirects followed and one retry instead of the SDK's three
 * (a caller-chosen serviceUrl must not turn one request into twenty); no path segment
 * that is a dot segment (a conversation id ".." would climb out of
 * /v3/conversations/{id}); only allowed service URLs; and failures raised as
 * ChannelDeliveryError, so the bot's error handler can tell "the channel is
 * unreachable" from "the bot failed".
 */
export function guardConnectorClient(
  client: ConnectorClient,
  settings: Pick<BotAdapterSettings, 'channelTimeoutMs'> &
    Partial<Pick<BotAdapterSettings, 'channelRetryDelayMs' | 'isServiceUrlAllowed'>>,
): ConnectorClient {
  const pipeline = pipelineOf(client);
  if (!pipeline) throw new Error('guardConnectorClient: the connector client has no HTTP pipeline');
  pipeline.removePolicy({ name: 'redirectPolicy' });
  pipeline.removePolicy({ name: 'defaultRetryPolicy' });
  const [stayUnderServiceUrl, retryOnce] = channelPolicies(
    String(Reflect.get(client, 'baseUri') ?? ''),
    {
      channelRetryDelayMs: settings.channelRetryDelayMs ?? SERVER_DEFAULTS.channelRetryDelayMs,
      isServiceUrlAllowed: settings.isServiceUrlAllowed ?? ((url) => parseServiceUrl(url) !== null),
    },
  );
  if (stayUnderServiceUrl) pipeline.addPolicy(stayUnderServiceUrl);
  if (retryOnce) pipeline.addPolicy(retryOnce, { phase: 'Retry' });
  const send = client.sendOperationRequest.bind(client);
  client.sendOperationRequest = async (operationArguments, operationSpec, callback) => {
    const options = { timeout: settings.channelTimeoutMs, ...operationArguments.options };
    for (const parameter of operationSpec.urlParameters ?? []) {
      const path = parameter.parameterPath;
      const value: unknown = typeof path === 'string' ? operationArguments[path] : undefined;
      if (typeof value === 'string' && isDotSegment(value))
        throw new ChannelDeliveryError(new Error(`the ${String(value)} segment would leave the path`));
    }
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
  /** No credentials: nothing is authenticated and service URLs are restricted (see createServiceUrlCheck). */
  readonly isAnonymous: boolean;

  constructor(
    authentication: ConfigurationBotFrameworkAuthentication,
    settings: Partial<BotAdapterSettings> = {},
    isAnonymous = false,
  ) {
    super(authentication);
    this.isAnonymous = isAnonymous;
    this.settings = {
      channelTimeoutMs: settings.channelTimeoutMs ?? SERVER_DEFAULTS.channelTimeoutMs,
      maxCachedConnectors: settings.maxCachedConnectors ?? SERVER_DEFAULTS.maxCachedConnectors,
      channelRetryDelayMs: settings.channelRetryDelayMs ?? SERVER_DEFAULTS.channelRetryDelayMs,
      isServiceUrlAllowed: settings.isServiceUrlAllowed ?? createServiceUrlCheck(isAnonymous, []),
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
      return {
        ok: false,
        reason: error instanceof Error ? error.message : String(error),
        isUnavailable: isIdentityUnavailable(error),
      };
    }
  }

  /** Whether the bot may send replies to this service URL (always, with credentials). */
  isServiceUrlAllowed(serviceUrl: string): boolean {
    return this.settings.isServiceUrlAllowed(serviceUrl);
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
  > &
    Partial<Pick<Config, 'ALLOWED_SERVICE_URLS'>>,
  overrides: ConfigurationBotFrameworkAuthenticationOptions = {},
  settings: Partial<BotAdapterSettings> & { readonly identityFetchTimeoutMs?: number } = {},
): BotAdapter {
  boundIdentityFetches(settings.identityFetchTimeoutMs ?? SERVER_DEFAULTS.identityFetchTimeoutMs);
  const isAnonymous = isAnonymousMode(config);
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const credentialsFactory = new ConfigurationServiceClientCredentialFactory(credentials);
  return new BotAdapter(
    new ReusingBotFrameworkAuthentication({ ...credentials, ...overrides }, credentialsFactory),
    {
      ...settings,
      isServiceUrlAllowed:
        settings.isServiceUrlAllowed ??
        createServiceUrlCheck(isAnonymous, config.ALLOWED_SERVICE_URLS ?? []),
    },
    isAnonymous,
  );
}
