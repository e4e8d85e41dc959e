// maskPii: personal data out of prompts, answers and traces before storage or logs, while the
// numbers a part description is made of stay readable.
import { describe, expect, it } from 'vitest';
import { isValidIban, isValidTckn, maskPii, maskPiiDeep } from '../../electron/domains/prompt/pii.js';

describe('maskPii', () => {
  it.each([
    ['ali.veli@example.com.tr', '[EMAIL]'],
    ['Yazın: Ayşe.Öz+cad@firma-örnek.com.tr lütfen', 'Yazın: [EMAIL] lütfen'],
  ])('masks e-mail %s', (text, masked) => {
    expect(maskPii(text)).toBe(masked);
  });

  it.each([
    '+90 532 123 45 67',
    '+905321234567',
    '0532 123 45 67',
    '0(532) 123 45 67',
    '0 (212) 555 12 34',
    '0212-555-12-34',
    '0090 532 123 4567',
    '532 123 45 67',
    '+44 20 7946 0958',
    '+1 (555) 123-4567',
    '(555) 123-4567',
    '555-123-4567',
    '+49 30 1234567',
  ])('masks phone number %s', (phone) => {
    const out = maskPii(`Tel: ${phone}, teşekkürler`);
    expect(out).toBe('Tel: [PHONE], teşekkürler');
  });

  it('masks TC Kimlik numbers by checksum, and labelled ones even with a typo', () => {
    expect(isValidTckn('10000000146')).toBe(true);
    expect(isValidTckn('10000000145')).toBe(false);
    expect(isValidTckn('01234567890')).toBe(false);
    expect(maskPii('Müşteri 10000000146 için teklif')).toBe('Müşteri [TC_KIMLIK] için teklif');
    expect(maskPii('T.C. Kimlik No: 12345678901')).toBe('[TC_KIMLIK]');
    // an 11-digit part number that fails the checksum is not personal data
    expect(maskPii('Parça no 12345678901')).toBe('Parça no 12345678901');
  });

  it('masks IBANs (TR and others, grouped or not) and leaves the words after them', () => {
    expect(isValidIban('TR330006100519786457841326')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('DE89370400440532013001')).toBe(false);
    expect(maskPii('IBAN TR33 0006 1005 1978 6457 8413 26 NUMARALI hesaba')).toBe('IBAN [IBAN] NUMARALI hesaba');
    expect(maskPii('DE89370400440532013000 and GB82 WEST 1234 5698 7654 32.')).toBe('[IBAN] and [IBAN].');
  });

  it('masks Turkish addresses (Mah./Cad./Sok./No:) and English street addresses', () => {
    expect(maskPii('Adres: Atatürk Mah. Cumhuriyet Cad. No: 12/3 Kadıköy/İstanbul')).toBe('Adres: [ADDRESS]');
    expect(maskPii('Teslimat: Gül Sokak No:5 D:3, sonra arayın')).toBe('Teslimat: [ADDRESS], sonra arayın');
    expect(maskPii('Kemalpaşa Mahallesi 19 Mayıs Caddesi No 7')).toBe('[ADDRESS]');
    expect(maskPii('Ship to 221B Baker Street, please')).toBe('Ship to [ADDRESS], please');
    expect(maskPii('1600 Pennsylvania Avenue NW, Washington, DC 20500')).toBe('[ADDRESS]');
    expect(maskPii('Office: 12 High St., Apt 4B')).toBe('Office: [ADDRESS]');
  });

  it('leaves part descriptions alone', () => {
    const prompts = [
      'M8 vida deliği olan 20mm flanş',
      '1000 x 200 x 30 mm plaka, 4 adet 8,5 mm delik, 2025 revizyonu',
      '3 adet dişli: modül 1.5, 20/40/20 diş, 10 mm kalınlık',
      'Make a 2 inch pipe with a 1/8 inch wall, 100 mm long',
      'Box 100 200 300 mm with 0.5 mm chamfer',
      'Shaft Ø12 x 80, keyway 4 x 2.5',
    ];
    for (const p of prompts) expect(maskPii(p)).toBe(p);
  });

  it('masks every string inside a structured record', () => {
    expect(maskPiiDeep({ prompt: 'a@b.io', n: 3, list: ['+90 532 123 45 67'] })).toEqual({ prompt: '[EMAIL]', n: 3, list: ['[PHONE]'] });
  });
});
