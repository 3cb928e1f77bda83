package io.omsbridge.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the inline AK/SK of a request (AES-256-GCM) so the ledger never holds them in clear, yet a request can still
 * be submitted after a restart. The sealed value is dropped once OMS has the task.
 */
public final class SecretBox {

    private static final int IV_BYTES = 12;
    // one cipher and one random source per thread: a shared SecureRandom is a lock every request waits on
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(SecretBox::newCipher);
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);
    private final SecretKey key;

    private SecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("bridge.secret-key: must be 32 bytes, base64-encoded");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** Uses the configured key, else a key file under the data directory, created on first start. */
    public static SecretBox open(String base64Key, Path keyFile) {
        if (base64Key != null) {
            return new SecretBox(Base64.getDecoder().decode(base64Key));
        }
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's permissions have to protect it
                }
                Files.move(tmp, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new SecretBox(Base64.getDecoder().decode(Files.readString(keyFile).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger secret key " + keyFile, e);
        }
    }

    public String seal(String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.get().nextBytes(iv);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    public String open(String sealedBase64) {
        try {
            byte[] in = Base64.getDecoder().decode(sealedBase64);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot open a sealed secret: was bridge.secret-key changed?", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    }
}
