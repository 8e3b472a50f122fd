import { readTeamsComment } from '../../src/bot/feedbackActivities';
import { isOwnButtonPress, normalizeButtonValue } from '../../src/bot/mentions';
import {
  findAnswer,
  NO_RECENT_REPLIES,
  RECENT_LIMITS,
  readRecentReplies,
  withAnswer,
  withOffered,
  type AnswerRef,
} from '../../src/bot/recentReplies';

const answer = (ref: string, activityId: string | null, topic: string): AnswerRef => ({
  ref,
  activityId,
  topic,
  city: 'mexico-city',
  language: 'en',
});

describe('which answer a reaction is about', () => {
  const recent = [
    answer('r1', '1:abc', 'city.mayor'),
    answer('r2', '1:def', 'funding.overview'),
    answer('r3', null, 'team.size'),
  ].reduce(withAnswer, NO_RECENT_REPLIES);

  test.each([
    [{ activityId: '1:abc' }, 'city.mayor'],
    [{ activityId: '1:def' }, 'funding.overview'],
    [{ ref: 'r1' }, 'city.mayor'],
    [{ activityId: 'unknown' }, 'team.size'],
    [{}, 'team.size'],
  ])('%j is the %s answer', (key, topic) => {
    expect(findAnswer(recent, key)?.topic).toBe(topic);
  });

  test('a web reference the conversation does not hold is about no answer', () => {
    expect(findAnswer(recent, { ref: 'forged' })).toBeNull();
  });

  test('only the latest answers are kept', () => {
    let many = NO_RECENT_REPLIES;
    for (let i = 0; i < RECENT_LIMITS.maxAnswers + 5; i += 1)
      many = withAnswer(many, answer(`r${i}`, null, 'city.mayor'));
    expect(many.answers).toHaveLength(RECENT_LIMITS.maxAnswers);
    expect(findAnswer(many, { ref: 'r0' })).toBeNull();
  });

  test('a stored value of another shape reads as nothing remembered', () => {
    expect(readRecentReplies({ offered: 'x' })).toEqual(NO_RECENT_REPLIES);
    expect(readRecentReplies(undefined)).toEqual(NO_RECENT_REPLIES);
  });
});

describe('a press of the bot’s own button', () => {
  const offered = new Set(
    withOffered(NO_RECENT_REPLIES, ['How is innovation funded?', '¿Quién es el alcalde?']).offered,
  );

  test.each([
    [{ text: 'How is innovation funded?' }, true],
    [{ text: 'how is innovation funded' }, true],
    [{ text: '¿quién es el alcalde?' }, true],
    [{ value: { question: 'anything' } }, true],
    [{ text: 'hello', value: { question: 'hello' } }, true],
    [{ text: 'hello', channelData: { postBack: true } }, true],
    [{ text: 'how is innovation funded in lisbon?' }, false],
    [{ text: '' }, false],
    [{}, false],
  ])('%j is a press: %s', (activity, expected) => {
    expect(isOwnButtonPress(activity, offered)).toBe(expected);
  });

  test('values are compared without case, spacing and end punctuation', () => {
    expect(normalizeButtonValue('  ¿Quién  es el ALCALDE? ')).toBe('quién es el alcalde');
  });
});

describe('the comment of a Teams feedback form', () => {
  test.each([
    ['{"feedbackText":"out of date"}', 'out of date'],
    ['{"feedbackText":"  "}', null],
    ['plain words', 'plain words'],
    [undefined, null],
    ['{"other":1}', null],
  ])('%j gives %j', (feedback, expected) => {
    expect(readTeamsComment(feedback)).toBe(expected);
  });
});
