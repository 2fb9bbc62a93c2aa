/** The one libsodium call central makes (sodium-native ships no types of its own). */
declare module 'sodium-native' {
  const sodium: {
    /** crypto_sign_verify_detached(signature, message, publicKey): true when it verifies. */
    crypto_sign_verify_detached(
      signature: Uint8Array,
      message: Uint8Array,
      publicKey: Uint8Array,
    ): boolean;
  };
  export default sodium;
}
