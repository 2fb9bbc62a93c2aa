import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults (docs/ARCHITECTURE.md §5)', () => {
    const result = loadConfig({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.billAcceptor).toBe('emulator');
    expect(result.value.printer).toBe('emulator');
    expect(result.value.fiscal).toBe('emulator');
    expect(result.value.httpPort).toBe(5174);
    expect(result.value.centralUrl).toBeNull();
    expect(result.value.host).toBeNull();
    expect(result.value.dataDir.endsWith('/data')).toBe(true);
  });

  it('accepts real device specs', () => {
    const result = loadConfig({
      KIOSK_BILL_ACCEPTOR: 'ccnet:/dev/ttyUSB0:19200',
      KIOSK_PRINTER: 'escpos-file:/dev/usb/lp0',
      KIOSK_CENTRAL_URL: 'https://central.example/api',
      KIOSK_HOST: 'headless',
      KIOSK_HTTP_PORT: '0',
    });
    expect(result.ok && result.value.billAcceptor).toBe('ccnet:/dev/ttyUSB0:19200');
    expect(result.ok && result.value.httpPort).toBe(0);
  });

  it('names every bad variable with its value and what was expected', () => {
    const result = loadConfig({
      KIOSK_BILL_ACCEPTOR: 'cashcode',
      KIOSK_PRINTER: 'escpos:/dev/ttyUSB1:1234',
      KIOSK_HTTP_PORT: '99999',
      KIOSK_HOST: 'x11',
      KIOSK_CENTRAL_URL: 'ftp://nope',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.error.problems.join('\n');
    expect(text).toMatch(/KIOSK_BILL_ACCEPTOR="cashcode": expected "ccnet:<path>\[:baud\]"/);
    expect(text).toMatch(/KIOSK_PRINTER="escpos:\/dev\/ttyUSB1:1234": unsupported baud rate 1234/);
    expect(text).toMatch(/KIOSK_HTTP_PORT="99999": port must be/);
    expect(text).toMatch(/KIOSK_HOST="x11"/);
    expect(text).toMatch(/KIOSK_CENTRAL_URL="ftp:\/\/nope"/);
  });

  it('refuses a printer spec for the bill acceptor', () => {
    const result = loadConfig({ KIOSK_BILL_ACCEPTOR: 'escpos:/dev/ttyUSB1' });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.problems.join()).toMatch(/expected one of: ccnet, emulator/);
  });

  it('accepts a Shtrih-M registrar, the emulator or none, and the printer "fiscal"', () => {
    const real = loadConfig({ KIOSK_FISCAL: 'shtrih:/dev/ttyUSB2:57600', KIOSK_PRINTER: 'fiscal' });
    expect(real.ok && real.value.fiscal).toBe('shtrih:/dev/ttyUSB2:57600');
    expect(real.ok && real.value.printer).toBe('fiscal');
    const none = loadConfig({ KIOSK_FISCAL: 'none', KIOSK_PRINTER: 'escpos:/dev/ttyUSB1' });
    expect(none.ok && none.value.fiscal).toBe('none');
  });

  it('refuses a fiscal spec that is not a registrar, and "fiscal" printing without one', () => {
    const wrongKind = loadConfig({ KIOSK_FISCAL: 'escpos:/dev/ttyUSB1' });
    expect(!wrongKind.ok && wrongKind.error.problems.join()).toMatch(
      /KIOSK_FISCAL="escpos:\/dev\/ttyUSB1": expected one of: shtrih, emulator, none/,
    );
    const badBaud = loadConfig({ KIOSK_FISCAL: 'shtrih:/dev/ttyUSB2:1234' });
    expect(!badBaud.ok && badBaud.error.problems.join()).toMatch(/unsupported baud rate 1234/);
    const noRegistrar = loadConfig({ KIOSK_FISCAL: 'none', KIOSK_PRINTER: 'fiscal' });
    expect(!noRegistrar.ok && noRegistrar.error.problems.join()).toMatch(
      /KIOSK_PRINTER="fiscal".*KIOSK_FISCAL="none"/,
    );
    const printerOnly = loadConfig({ KIOSK_BILL_ACCEPTOR: 'fiscal' });
    expect(printerOnly.ok).toBe(false);
  });

  it('treats empty variables as unset', () => {
    const result = loadConfig({ KIOSK_HTTP_PORT: '', KIOSK_PRINTER: '' });
    expect(result.ok && result.value.httpPort).toBe(5174);
  });
});
