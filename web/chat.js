/*
 * The chat page's own script: a small DirectLine-compatible object that talks to this
 * server's same-origin endpoint, and Web Chat rendered with it. Plain ES2019, no build.
 *
 * Web Chat needs from a DirectLine object (see ../shared/notes/stack.md):
 *   activity$ and connectionStatus$: subscribe(observer | next, error, complete) -> { unsubscribe }
 *   postActivity(activity): an observable that emits the new id and completes
 *   end()
 * activity$ replays everything to late subscribers (Web Chat subscribes twice and
 * drops duplicates by id), so the welcome is never lost.
 */
(function () {
  'use strict';

  var API = '/api/webchat/conversations';
  var CONNECTION = { uninitialized: 0, connecting: 1, online: 2, ended: 5 };
  var LOCALES = { en: 'en-US', es: 'es-ES' };
  var LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;
  // Read while this script runs: the page's nonce lets Web Chat's <style> elements through the CSP.
  var nonce = (document.currentScript && document.currentScript.nonce) || undefined;

  var MESSAGES = {
    connecting: { en: 'Connecting…', es: 'Conectando…' },
    cannotStart: {
      en: 'The chat could not start. Check your connection and select “Start again”.',
      es: 'No se pudo iniciar el chat. Revisa tu conexión y selecciona «Empezar de nuevo».',
    },
    tooFast: {
      en: 'You are sending messages too quickly. Please wait {s} seconds and try again.',
      es: 'Estás enviando mensajes demasiado rápido. Espera {s} segundos y vuelve a intentarlo.',
    },
    expired: {
      en: 'This conversation has expired. Select “Start again” to begin a new one.',
      es: 'Esta conversación ha caducado. Selecciona «Empezar de nuevo» para iniciar otra.',
    },
    tooLarge: {
      en: 'That message is too long to send.',
      es: 'Ese mensaje es demasiado largo para enviarlo.',
    },
    failed: {
      en: 'The message could not be sent. Check your connection and try again.',
      es: 'No se pudo enviar el mensaje. Revisa tu conexión y vuelve a intentarlo.',
    },
  };

  var statusElement = document.getElementById('chat-status');
  var retryButton = document.getElementById('chat-retry');
  var chatElement = document.getElementById('webchat');
  // The chat's language follows the bot's answers (Web Chat's own labels, the status line);
  // <html lang> stays the page's, and every message carries its own (see withLanguage).
  var language = languageOf(navigator.language) || 'en';
  var prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
  var prefersReducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  var isCoarsePointer = window.matchMedia('(pointer: coarse)');

  function languageOf(locale) {
    var primary = typeof locale === 'string' ? locale.split('-')[0].toLowerCase() : '';
    return Object.prototype.hasOwnProperty.call(LOCALES, primary) ? primary : null;
  }

  function say(message, values) {
    var text = message ? message[language] : '';
    if (values)
      text = text.replace(/\{(\w+)\}/g, function (_, key) {
        return String(values[key]);
      });
    statusElement.lang = language;
    statusElement.textContent = text;
  }

  function offerRestart() {
    retryButton.hidden = false;
  }

  /** An error from the endpoint, with its HTTP status and JSON body when there is one. */
  function requestError(status, body) {
    var error = new Error((body && body.message) || 'Request failed with status ' + status);
    error.status = status;
    error.body = body;
    return error;
  }

  function postJson(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (json) {
          if (!response.ok) throw requestError(response.status, json);
          return json;
        });
    });
  }

  function toObserver(nextOrObserver, error, complete) {
    if (nextOrObserver && typeof nextOrObserver === 'object') return nextOrObserver;
    return { next: nextOrObserver, error: error, complete: complete };
  }

  function call(observer, method, value) {
    if (observer && typeof observer[method] === 'function') observer[method](value);
  }

  /** A minimal subject: replays all values (activities) or only the latest (connection status). */
  function createSubject(isReplayingAll, initial) {
    var values = initial === undefined ? [] : [initial];
    var observers = [];
    return {
      next: function (value) {
        if (isReplayingAll) values.push(value);
        else values = [value];
        observers.slice().forEach(function (observer) {
          call(observer, 'next', value);
        });
      },
      observable: {
        subscribe: function (nextOrObserver, error, complete) {
          var observer = toObserver(nextOrObserver, error, complete);
          var subscription = {
            closed: false,
            unsubscribe: function () {
              subscription.closed = true;
              observers = observers.filter(function (o) {
                return o !== observer;
              });
            },
          };
          observers.push(observer);
          values.slice().forEach(function (value) {
            if (!subscription.closed) call(observer, 'next', value);
          });
          return subscription;
        },
      },
    };
  }

  function explain(error) {
    if (error.status === 429) {
      var seconds = (error.body && error.body.retryAfterSeconds) || 10;
      say(MESSAGES.tooFast, { s: seconds });
    } else if (error.status === 404) {
      say(MESSAGES.expired);
      offerRestart();
    } else if (error.status === 413) {
      say(MESSAGES.tooLarge);
    } else {
      say(MESSAGES.failed);
    }
  }

  var ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
  var FALLBACK_TEXT = 'webchat:fallback-text';

  function isAdaptiveCard(attachment) {
    return Boolean(attachment && attachment.contentType === ADAPTIVE_CARD && attachment.content);
  }

  /**
   * A bot message as the page shows it (each step says why):
   * - its `speak` (the bot's short summary: title and direct answer) becomes Web Chat's
   *   fallback text, so the live region announces that once and the history reads it,
   *   instead of the whole card and then every button;
   * - a card's own `speak` goes: Web Chat would name the card with it and make it a
   *   `form` landmark per answer;
   * - the plain `text` beside a card goes: Web Chat would show both (the card says it all).
   */
  function forDisplay(activity) {
    if (!(activity.from && activity.from.role === 'bot' && activity.type === 'message'))
      return activity;
    var shown = Object.assign({}, activity);
    if (typeof activity.speak === 'string' && activity.speak) {
      shown.channelData = Object.assign({}, activity.channelData);
      shown.channelData[FALLBACK_TEXT] = activity.speak;
    }
    var attachments = activity.attachments || [];
    if (attachments.some(isAdaptiveCard)) {
      delete shown.text;
      shown.attachments = attachments.map(function (attachment) {
        if (!isAdaptiveCard(attachment)) return attachment;
        var content = Object.assign({}, attachment.content);
        delete content.speak;
        return Object.assign({}, attachment, { content: content });
      });
    }
    return shown;
  }

  /** The person's message gets the language the bot understood it in (its first reply's). */
  function withReplyLocale(activities) {
    var reply = activities.slice(1).find(function (a) {
      return a && typeof a.locale === 'string';
    });
    var echo = activities[0];
    if (!echo || !reply) return activities;
    return [Object.assign({}, echo, { locale: reply.locale })].concat(activities.slice(1));
  }

  function createDirectLine(conversation, onBotActivity) {
    var activities = createSubject(true);
    var connection = createSubject(false, CONNECTION.uninitialized);
    var isStarted = false;
    var url = API + '/' + encodeURIComponent(conversation.conversationId) + '/activities';

    function receive(activity) {
      activities.next(forDisplay(activity));
      if (activity.from && activity.from.role === 'bot') onBotActivity(activity);
    }

    conversation.activities.forEach(receive);

    return {
      activity$: {
        subscribe: function (nextOrObserver, error, complete) {
          var subscription = activities.observable.subscribe(nextOrObserver, error, complete);
          // Like DirectLineJS: the first subscriber starts the connection, and "online"
          // comes a task later, once Web Chat waits for it (it misses a synchronous one).
          if (!isStarted) {
            isStarted = true;
            connection.next(CONNECTION.connecting);
            setTimeout(function () {
              connection.next(CONNECTION.online);
            }, 0);
          }
          return subscription;
        },
      },
      connectionStatus$: connection.observable,
      postActivity: function (activity) {
        return {
          subscribe: function (nextOrObserver, error, complete) {
            var observer = toObserver(nextOrObserver, error, complete);
            var isCancelled = false;
            postJson(url, activity).then(
              function (result) {
                say(null);
                keepChatInView();
                // The echo (with the server's id and our clientActivityID), then the replies.
                withReplyLocale(result.activities).forEach(receive);
                if (isCancelled) return;
                call(observer, 'next', result.activities[0] && result.activities[0].id);
                call(observer, 'complete');
              },
              function (failure) {
                explain(failure);
                if (!isCancelled) call(observer, 'error', failure);
              },
            );
            return {
              unsubscribe: function () {
                isCancelled = true;
              },
            };
          },
        };
      },
      end: function () {
        connection.next(CONNECTION.ended);
      },
    };
  }

  /** Colours of the chat, light and dark (prefers-color-scheme); web/chat.css has the same. */
  var PALETTES = {
    light: {
      accent: '#0b5cad',
      ink: '#1b1b1b',
      subtle: '#4a4a4a',
      paper: '#ffffff',
      bubble: '#f1f3f6',
      rule: '#c8ced6',
      userBubble: '#0b5cad',
      userInk: '#ffffff',
    },
    dark: {
      accent: '#8cc4ff',
      ink: '#f2f4f7',
      subtle: '#c5cbd3',
      paper: '#16191d',
      bubble: '#23272e',
      rule: '#5a626d',
      userBubble: '#8cc4ff',
      userInk: '#0b1a2b',
    },
  };

  function styleOptions() {
    var p = prefersDark.matches ? PALETTES.dark : PALETTES.light;
    return {
      // Cards declare 1.0 or 1.2; 1.5 lets the title's heading style (1.5) through.
      adaptiveCardsParserMaxVersion: '1.5',
      hideUploadButton: true,
      primaryFont:
        "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
      fontSizeSmall: '80%',
      accent: p.accent,
      subtle: p.subtle,
      timestampColor: p.subtle,
      backgroundColor: p.paper,
      bubbleBackground: p.bubble,
      bubbleTextColor: p.ink,
      bubbleBorderColor: p.rule,
      bubbleBorderWidth: 1,
      bubbleBorderRadius: 6,
      bubbleFromUserBackground: p.userBubble,
      bubbleFromUserTextColor: p.userInk,
      bubbleFromUserBorderColor: p.userBubble,
      bubbleFromUserBorderWidth: 1,
      bubbleFromUserBorderRadius: 6,
      bubbleMinWidth: 120,
      bubbleMaxWidth: 720,
      cardEmphasisBackgroundColor: p.bubble,
      richCardWrapTitle: true,
      sendBoxBackground: p.paper,
      sendBoxTextColor: p.ink,
      sendBoxPlaceholderColor: p.subtle,
      sendBoxButtonColor: p.subtle,
      sendBoxButtonColorOnHover: p.accent,
      sendBoxButtonColorOnFocus: p.accent,
      sendBoxTextWrap: true,
      sendBoxBorderTop: '1px solid ' + p.rule,
      suggestedActionLayout: 'flow',
      suggestedActionBackgroundColor: p.paper,
      suggestedActionBorderColor: p.accent,
      suggestedActionTextColor: p.accent,
      suggestedActionBorderRadius: 4,
      suggestedActionHeight: 'auto',
      transcriptVisualKeyboardIndicatorColor: p.accent,
      transcriptVisualKeyboardIndicatorWidth: 2,
      transcriptActivityVisualKeyboardIndicatorColor: p.accent,
      transcriptActivityVisualKeyboardIndicatorWidth: 2,
      transcriptOverlayButtonBackground: p.paper,
      transcriptOverlayButtonColor: p.accent,
      rootHeight: '100%',
      rootWidth: '100%',
    };
  }

  /**
   * Web Chat's live-region notes ("Message is interactive. Press shift tab…", "Message
   * has suggested actions…"). They are instructions: heard with the first answer that
   * has them, then silent for the rest of the conversation (see observeChat).
   */
  var NOTE_STRINGS = [
    'TRANSCRIPT_LIVE_REGION_INTERACTIVE_LABEL_ALT',
    'TRANSCRIPT_LIVE_REGION_INTERACTIVE_WITH_LINKS_LABEL_ALT',
    'TRANSCRIPT_LIVE_REGION_SUGGESTED_ACTIONS_LABEL_ALT',
    'TRANSCRIPT_LIVE_REGION_SUGGESTED_ACTIONS_WITH_ACCESS_KEY_LABEL_ALT',
  ];
  var areNotesHeard = false;

  function localizedStrings() {
    if (!areNotesHeard) return undefined;
    var silent = {};
    NOTE_STRINGS.forEach(function (id) {
      silent[id] = ' ';
    });
    return silent;
  }

  /**
   * Every message in the history carries its own language (WCAG 3.1.2), from the
   * activity's `locale`: an English answer stays English for a screen reader's voice
   * after a Spanish one. Web Chat renders React elements; the wrapper is one more,
   * made like the element it wraps (the page has no React of its own).
   */
  function withLanguage(element, lang) {
    return {
      $$typeof: element.$$typeof,
      type: 'div',
      key: null,
      ref: null,
      props: { lang: lang, className: 'chat-activity', children: element },
      _owner: null,
      _store: {},
    };
  }

  var activityMiddleware = function () {
    return function (next) {
      return function () {
        var options = arguments[0] || {};
        var render = next.apply(null, arguments);
        var lang = languageOf(options.activity && options.activity.locale);
        if (!render || !lang) return render;
        return function () {
          var element = render.apply(null, arguments);
          return element && element.$$typeof ? withLanguage(element, lang) : element;
        };
      };
    };
  };

  function sendBox() {
    return chatElement.querySelector(
      '.webchat__send-box textarea, .webchat__send-box input[type="text"]',
    );
  }

  /**
   * After a card button sends its question, focus goes back to the send box: the button
   * scrolls away under the answer, and the next thing to do is type or listen. On touch
   * screens the box is focused read-only for a moment, so no keyboard pops up.
   */
  function focusSendBox() {
    setTimeout(function () {
      var input = sendBox();
      if (!input) return;
      if (isCoarsePointer.matches) {
        input.setAttribute('readonly', 'readonly');
        input.focus();
        setTimeout(function () {
          input.removeAttribute('readonly');
        }, 0);
      } else {
        input.focus();
      }
    }, 0);
  }

  /**
   * On short screens (a landscape phone, 400% zoom) the page scrolls and the chat is one
   * screen high below the intro (web/chat.css). Whenever focus is in the chat, the whole
   * chat is scrolled into view, so the send box and the focused button are never below
   * the bottom of the screen.
   */
  function keepChatInView() {
    var main = chatElement.closest('main') || chatElement;
    var rect = main.getBoundingClientRect();
    if (rect.top < 0 || rect.bottom > window.innerHeight + 1) main.scrollIntoView({ block: 'end' });
  }

  var SENDS_A_MESSAGE = { imBack: true, messageBack: true, postBack: true };

  var cardActionMiddleware = function () {
    return function (next) {
      return function () {
        var options = arguments[0] || {};
        var result = next.apply(null, arguments);
        var type = options.cardAction && options.cardAction.type;
        if (SENDS_A_MESSAGE[type]) focusSendBox();
        return result;
      };
    };
  };

  /**
   * What the page changes in Web Chat's rendering, each time it renders:
   * - card buttons are plain buttons: Web Chat marks them as toggle buttons
   *   (aria-pressed), which screen readers announce as "toggle button, pressed";
   * - a card's paragraph in another language gets its `lang` (from the id the bot gave
   *   it, see src/channels/adaptiveCardJson.ts), and the id goes;
   * - the suggested actions are not a live region of their own: the message's summary
   *   already says them (numbered), once;
   * - Web Chat's notes are heard once (NOTE_STRINGS);
   * - with reduced motion, the history jumps to the end instead of scrolling there
   *   (scrollWithoutMotion).
   */
  /**
   * Web Chat scrolls the history to a new message in small steps (requestAnimationFrame),
   * whatever the person asked for. With prefers-reduced-motion, a step towards the end goes
   * straight to the end, so the history jumps there. A step is towards the end when the
   * asked-for position is further down than the one asked before, or the same one again
   * right after a jump (Web Chat repeats a step when its clock has not moved on). When the
   * answer grows while it lands (a card laid out in two passes), Web Chat starts its steps
   * again from a position it remembered, above the end: until the next frame, such a step
   * (between where the jump started and the end) stays at the end instead of pulling the
   * history back up. Scrolling up, and the person's own scrolling, are left as they are
   * (the latter does not go through this setter).
   */
  function scrollWithoutMotion(scrollable) {
    var native = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop');
    if (!native || !native.get || !native.set) return;
    var lastAsked = native.get.call(scrollable);
    /** Where the latest jump started, until the frame after it; null otherwise. */
    var jumpedFrom = null;
    var hasJumped = false;
    Object.defineProperty(scrollable, 'scrollTop', {
      configurable: true,
      get: function () {
        return native.get.call(this);
      },
      set: function (value) {
        var isTowardsEnd = value > lastAsked || (value === lastAsked && hasJumped);
        lastAsked = value;
        if (!prefersReducedMotion.matches) {
          hasJumped = false;
          native.set.call(this, value);
          return;
        }
        var end = this.scrollHeight - this.clientHeight;
        var isRestartedStep = jumpedFrom !== null && value > jumpedFrom;
        hasJumped = isTowardsEnd || isRestartedStep;
        if (!hasJumped) {
          native.set.call(this, value);
          return;
        }
        if (jumpedFrom === null) {
          jumpedFrom = native.get.call(this);
          window.requestAnimationFrame(function () {
            jumpedFrom = null;
          });
        }
        native.set.call(this, end);
      },
    });
  }

  function observeChat(rerender) {
    var LANGUAGE_PART = /^lang-([a-z]{2})-\d+$/;
    var fix = function () {
      chatElement.querySelectorAll('.ac-pushButton[aria-pressed]').forEach(function (button) {
        button.removeAttribute('aria-pressed');
      });
      chatElement.querySelectorAll('.ac-adaptiveCard [id^="lang-"]').forEach(function (part) {
        var match = LANGUAGE_PART.exec(part.id);
        if (!match) return;
        part.lang = match[1];
        part.removeAttribute('id');
      });
      chatElement.querySelectorAll('[role="toolbar"][aria-live]').forEach(function (toolbar) {
        toolbar.removeAttribute('aria-live');
      });
      if (!areNotesHeard) {
        var notes = chatElement.querySelectorAll('.webchat__live-region-transcript__note');
        if (
          Array.prototype.some.call(notes, function (note) {
            return note.textContent.trim() !== '';
          })
        ) {
          areNotesHeard = true;
          // After this task: the note now in the live region is read first.
          setTimeout(rerender, 0);
        }
      }
    };
    var instant = typeof WeakSet === 'function' ? new WeakSet() : null;
    var observeScrolling = function () {
      var scrollable = chatElement.querySelector('.webchat__basic-transcript__scrollable');
      if (scrollable && instant && !instant.has(scrollable)) {
        instant.add(scrollable);
        scrollWithoutMotion(scrollable);
      }
    };
    new MutationObserver(function () {
      fix();
      observeScrolling();
    }).observe(chatElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-pressed', 'aria-live', 'id'],
    });
  }

  function start() {
    retryButton.addEventListener('click', function () {
      window.location.reload();
    });
    document.getElementById('skip-to-send-box').addEventListener('click', function (event) {
      event.preventDefault();
      var input = sendBox();
      if (input) input.focus();
    });
    say(MESSAGES.connecting);
    var store = window.WebChat.createStore();
    var directLine = null;
    var userID = null;

    function render() {
      chatElement.lang = language;
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: store,
          userID: userID,
          locale: LOCALES[language],
          nonce: nonce,
          styleOptions: styleOptions(),
          overrideLocalizedStrings: localizedStrings(),
          activityMiddleware: activityMiddleware,
          cardActionMiddleware: cardActionMiddleware,
        },
        chatElement,
      );
    }

    // Web Chat's labels speak the language the bot last answered in (the bot sets `locale` on its replies).
    function followLanguage(activity) {
      var next = languageOf(activity.locale);
      if (!next || next === language) return;
      language = next;
      if (directLine) render();
    }

    var rerender = function () {
      if (directLine) render();
    };
    prefersDark.addEventListener('change', rerender);
    observeChat(rerender);
    chatElement.addEventListener('focusin', keepChatInView);

    var locale = LANGUAGE_TAG.test(navigator.language || '') ? navigator.language : undefined;
    postJson(API, locale ? { locale: locale } : {}).then(
      function (conversation) {
        userID = conversation.userId;
        directLine = createDirectLine(conversation, followLanguage);
        say(null);
        render();
      },
      function (failure) {
        if (failure.status === 429) explain(failure);
        else say(MESSAGES.cannotStart);
        offerRestart();
      },
    );
  }

  if (!window.WebChat || !window.fetch) {
    statusElement.textContent =
      'This browser cannot run the chat. · Este navegador no puede ejecutar el chat.';
    return;
  }
  start();
})();
