import {
  activitiesOf,
  createConversation,
  field,
  request,
  say,
  startWebChatApp,
  type RunningWebChat,
} from './webchatTestServer';

/*
 * The page's feedback event over HTTP: Web Chat posts `webchat:activity-status/feedback`
 * with the action pressed; the endpoint takes only that event (echoed with the page's
 * clientActivityID, no reply), and refuses every other event with a 400.
 */

let app: RunningWebChat;

beforeAll(async () => {
  app = await startWebChatApp({ options: { burst: 1000 } });
});

afterAll(async () => {
  await app.close();
});

function post(id: string, body: unknown) {
  return request(`${app.baseUrl}/api/webchat/conversations/${id}/activities`, { body });
}

/** The Like or Dislike action the bot put under its reply. */
function actionOf(reply: Record<string, unknown>, type: string): Record<string, unknown> {
  const entities = field(reply, 'entities');
  const message = Array.isArray(entities)
    ? (entities as unknown[]).find((e) => field(e, 'type') === 'https://schema.org/Message')
    : undefined;
  const actions = field(message, 'potentialAction');
  const action = Array.isArray(actions)
    ? (actions as unknown[]).find((a) => field(a, '@type') === type)
    : undefined;
  if (typeof action !== 'object' || action === null) throw new Error(`no ${type} on the reply`);
  return action as Record<string, unknown>;
}

describe('the web chat feedback event', () => {
  test('is echoed with its clientActivityID and gets no reply', async () => {
    const { id } = await createConversation(app.baseUrl);
    const [, reply] = activitiesOf(await say(app.baseUrl, id, 'who is the mayor?'));
    if (!reply) throw new Error('no reply');
    const answer = await post(id, {
      type: 'event',
      name: 'webchat:activity-status/feedback',
      entities: [actionOf(reply, 'DislikeAction')],
      channelData: { clientActivityID: 'c-feedback-1' },
    });
    expect(answer.status).toBe(200);
    const activities = activitiesOf(answer);
    expect(activities).toHaveLength(1);
    expect(activities[0]).toEqual(
      expect.objectContaining({
        type: 'event',
        name: 'webchat:activity-status/feedback',
        channelData: { clientActivityID: 'c-feedback-1' },
      }),
    );
  });

  test.each([
    [{ type: 'event', name: 'webchat/join', entities: [] }, /name/],
    [{ type: 'event', name: 'webchat:activity-status/feedback' }, /entities/],
    [{ type: 'event', name: 'webchat:activity-status/feedback', entities: [{}, {}] }, /entities/],
    [{ type: 'invoke', name: 'message/submitAction' }, /type/],
  ])('%j gets a 400 naming the problem', async (body, problem) => {
    const { id } = await createConversation(app.baseUrl);
    const answer = await post(id, body);
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(problem);
  });
});
