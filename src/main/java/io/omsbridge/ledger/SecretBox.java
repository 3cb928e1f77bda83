package io.omsbridge.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.LoggerFactory;

/**
 * Seals the inline AK/SK of a request (AES-256-GCM) so the ledger never holds them in clear, yet a request can still
 * be submitted after a restart. Each sealed value is bound to its request (the request id is GCM's associated data):
 * moved to another row, it no longer opens. The sealed value is dropped once OMS has the task.
 */
public final class SecretBox {

    private static final int IV_BYTES = 12;
    /** Values sealed with the request id as associated data; older values (no prefix) open without it. */
    private static final String BOUND = "v2:";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
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

    /**
     * Uses the configured key, else a key file, created on first start readable by its owner only from the first byte
     * (never written world-readable and narrowed afterwards). A key file others can read is used, with a warning.
     */
    public static SecretBox open(String base64Key, Path keyFile) {
        if (base64Key != null) {
            return new SecretBox(Base64.getDecoder().decode(base64Key));
        }
        try {
            if (!Files.exists(keyFile)) {
                create(keyFile);
            } else {
                warnIfShared(keyFile);
            }
            return new SecretBox(
                    Base64.getDecoder().decode(Files.readString(keyFile).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the ledger secret key " + keyFile, e);
        }
    }

    private static void create(Path keyFile) throws IOException {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path tmp = keyFile.resolveSibling(keyFile.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: the directory's permissions have to protect it
            Files.createFile(tmp);
        }
        Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
        Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void warnIfShared(Path keyFile) throws IOException {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (!OWNER_ONLY.containsAll(permissions)) {
                LoggerFactory.getLogger(SecretBox.class)
                        .warn(
                                "the ledger secret key {} is readable by others ({});" + " chmod 600 it",
                                keyFile,
                                PosixFilePermissions.toString(permissions));
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to check
        }
    }

    /** Seals {@code plain} for request {@code requestId}: it opens only for that request. */
    public String seal(String plain, String requestId) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.get().nextBytes(iv);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(associated(requestId));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return BOUND + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    /** Opens what {@link #seal} sealed for {@code requestId}; anything else is a {@link SealedSecretException}. */
    public String unseal(String sealed, String requestId) {
        boolean bound = sealed.startsWith(BOUND);
        try {
            byte[] in = Base64.getDecoder().decode(bound ? sealed.substring(BOUND.length()) : sealed);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
            if (bound) {
                cipher.updateAAD(associated(requestId));
            }
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealedSecretException(
                    "the sealed keys of request " + requestId + " do not open: they were sealed"
                            + " for another request, or the key (bridge.secret-key, bridge.secret-key-file) changed",
                    e);
        }
    }

    private static byte[] associated(String requestId) {
        return ("oms-bridge request " + requestId).getBytes(StandardCharsets.UTF_8);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no AES/GCM", e);
        }
    }
}
