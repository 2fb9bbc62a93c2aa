import type {
  FiscalCondition,
  FiscalCorrectionPort,
  FiscalRegistrarPort,
} from '../../common/fiscal-port.ts';

/**
 * The registrar port as it is, telling `onCondition` what every status request answered: the
 * service panel and the status line show the registrar's last word without asking it again
 * (every ask goes through the fiscal layer's one lock). Correction receipts pass through when
 * the driver can issue them.
 */
export function observeRegistrar(
  port: FiscalRegistrarPort & Partial<FiscalCorrectionPort>,
  onCondition: (condition: FiscalCondition | null) => void,
): FiscalRegistrarPort & Partial<FiscalCorrectionPort> {
  const observed: FiscalRegistrarPort & Partial<FiscalCorrectionPort> = {
    async condition() {
      const answer = await port.condition();
      onCondition(answer.ok ? answer.value : null);
      return answer;
    },
    openShift: () => port.openShift(),
    closeShift: () => port.closeShift(),
    xReport: () => port.xReport(),
    issueReceipt: (request) => port.issueReceipt(request),
    cancelOpenDocument: () => port.cancelOpenDocument(),
    continuePrinting: () => port.continuePrinting(),
    findDocument: (fdNumber) => port.findDocument(fdNumber),
    shiftCounters: () => port.shiftCounters(),
    printText: (lines) => port.printText(lines),
    close: () => port.close(),
  };
  const issueCorrection = port.issueCorrection?.bind(port);
  if (issueCorrection !== undefined) observed.issueCorrection = issueCorrection;
  return observed;
}
