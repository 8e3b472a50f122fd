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
  var language = languageOf(navigator.language) || 'en';

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

  /**
   * The bot gives every card a plain `text` too (for channels and notifications without
   * cards). Web Chat would show both, one after the other: the card says it all, so the
   * page shows the card alone (its text is still in the card, for screen readers too).
   */
  function forDisplay(activity) {
    var hasCard = (activity.attachments || []).some(function (a) {
      return a && a.contentType === ADAPTIVE_CARD;
    });
    if (!(activity.from && activity.from.role === 'bot' && hasCard && activity.text))
      return activity;
    var shown = Object.assign({}, activity);
    delete shown.text;
    return shown;
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
                // The echo (with the server's id and our clientActivityID), then the replies.
                result.activities.forEach(receive);
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

  var STYLE_OPTIONS = {
    adaptiveCardsParserMaxVersion: '1.5',
    hideUploadButton: true,
    primaryFont:
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    fontSizeSmall: '80%',
    accent: '#0b5cad',
    subtle: '#4a4a4a',
    timestampColor: '#4a4a4a',
    bubbleBackground: '#f1f3f6',
    bubbleBorderColor: '#c8ced6',
    bubbleBorderWidth: 1,
    bubbleBorderRadius: 6,
    bubbleFromUserBackground: '#0b5cad',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderColor: '#0b5cad',
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserBorderRadius: 6,
    bubbleMinWidth: 120,
    bubbleMaxWidth: 720,
    richCardWrapTitle: true,
    sendBoxTextWrap: true,
    sendBoxBorderTop: '1px solid #c8ced6',
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#0b5cad',
    suggestedActionTextColor: '#0b5cad',
    suggestedActionBorderRadius: 4,
    suggestedActionHeight: 'auto',
    transcriptVisualKeyboardIndicatorColor: '#0b5cad',
    transcriptVisualKeyboardIndicatorWidth: 2,
    transcriptActivityVisualKeyboardIndicatorColor: '#0b5cad',
    transcriptActivityVisualKeyboardIndicatorWidth: 2,
    rootHeight: '100%',
    rootWidth: '100%',
  };

  function start() {
    retryButton.addEventListener('click', function () {
      window.location.reload();
    });
    say(MESSAGES.connecting);
    var store = window.WebChat.createStore();
    var directLine = null;
    var userID = null;

    function render() {
      document.documentElement.lang = language;
      window.WebChat.renderWebChat(
        {
          directLine: directLine,
          store: store,
          userID: userID,
          locale: LOCALES[language],
          nonce: nonce,
          styleOptions: STYLE_OPTIONS,
        },
        chatElement,
      );
    }

    // The page speaks the language the bot last answered in (the bot sets `locale` on its replies).
    function followLanguage(activity) {
      var next = languageOf(activity.locale);
      if (!next || next === language) return;
      language = next;
      if (directLine) render();
    }

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
