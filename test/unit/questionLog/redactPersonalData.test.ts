import { redactPersonalData } from '../../../src/questionLog/redactPersonalData';

describe('redactPersonalData', () => {
  test.each([
    // English
    [
      'my email is ana.lopez@example.org, when is the next council meeting',
      'my email is [email], when is the next council meeting',
    ],
    ['write to J.Smith+city@mail.co.uk please', 'write to [email] please'],
    [
      'My name is Ana María López and I want to know the budget',
      'My name is [name] and I want to know the budget',
    ],
    ["my name's john. who is the mayor?", "my name's [name]. who is the mayor?"],
    ['call me at +52 55 1234 5678 please', 'call me at [phone] please'],
    ['my number is (555) 123-4567', 'my number is [phone]'],
    ['phone 555.123.4567?', 'phone [phone]?'],
    ['my account 123456 is blocked', 'my account [number] is blocked'],
    ['see https://www.cdmx.gob.mx/tramites?id=4 or www.example.com', 'see [url] or [url]'],
    ['visit example.org/contact for help', 'visit [url] for help'],
    ['my passport is X1234567A', 'my passport is [id]'],
    // Spanish
    ['me llamo José, ¿quién es el alcalde?', 'me llamo [name], ¿quién es el alcalde?'],
    [
      'Mi nombre es Ana Pérez y quiero saber el presupuesto',
      'Mi nombre es [name] y quiero saber el presupuesto',
    ],
    ['mi teléfono es (55) 5123-4567', 'mi teléfono es [phone]'],
    ['escríbeme a maria_gonzalez@correo.gob.mx', 'escríbeme a [email]'],
    ['mi CURP es LOMA850101MDFPRN09', 'mi CURP es [id]'],
    ['mi tarjeta 4111 1111 1111 1111 no funciona', 'mi tarjeta [phone] no funciona'],
    ['consulta https://datos.cdmx.gob.mx', 'consulta [url]'],
  ])('%j becomes %j', (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  test.each([
    'who is the mayor?',
    'how many staff did ADIP have in 2020?',
    'compare 2018 2020 results',
    '¿cuántas personas trabajan en la ADIP?',
    'what does 81% of cities mean',
    'ADIP has 150 staff',
  ])('leaves a question without personal data as it was: %j', (question) => {
    expect(redactPersonalData(question)).toBe(question);
  });
});
