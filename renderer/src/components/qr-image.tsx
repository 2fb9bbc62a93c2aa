import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** The receipt's QR drawn in the page (qrcode → data URL): the CSP allows data: images. */
export function QrImage(props: { payload: string; label: string; sizePx?: number }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(props.payload, { errorCorrectionLevel: 'M', margin: 2, width: 480 })
      .then((value) => {
        if (live) setUrl(value);
      })
      .catch(() => {
        if (live) setUrl(null);
      });
    return () => {
      live = false;
    };
  }, [props.payload]);
  const size = props.sizePx ?? 280;
  if (url === null) return <div className="qr-placeholder" style={{ width: size, height: size }} />;
  return (
    <img
      className="qr"
      src={url}
      alt={props.label}
      width={size}
      height={size}
      data-testid="qr"
      data-payload={props.payload}
    />
  );
}
