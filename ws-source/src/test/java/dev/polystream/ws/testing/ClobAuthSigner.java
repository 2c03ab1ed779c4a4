package dev.polystream.ws.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9IntegerConverter;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The CLOB's L1 authentication (§16), in the test-jar only because the product never holds a
 * private key: the EIP-712 {@code ClobAuth} signature the official clients send on {@code POST
 * /auth/api-key} and {@code GET /auth/derive-api-key}. keccak256 typed-data hashing (domain {@code
 * EIP712Domain(string name,string version,uint256 chainId)}, no verifying contract), secp256k1
 * ECDSA with RFC 6979 deterministic k, low s, and {@code v = 27 + recovery id}; 65 bytes as {@code
 * 0x} hex.
 */
public final class ClobAuthSigner {

    /** The fixed text every ClobAuth message carries. */
    public static final String MESSAGE = "This message attests that I control the given wallet";

    private static final String DOMAIN_TYPE =
            "EIP712Domain(string name,string version,uint256 chainId)";
    private static final String CLOB_AUTH_TYPE =
            "ClobAuth(address address,string timestamp,uint256 nonce,string message)";
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final ECDomainParameters DOMAIN =
            new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
    private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);
    private static final HexFormat HEX = HexFormat.of();

    private final BigInteger privateKey;
    private final String address;

    /**
     * @param privateKeyHex 32 bytes as hex, with or without {@code 0x}
     */
    public ClobAuthSigner(String privateKeyHex) {
        this.privateKey = new BigInteger(1, HEX.parseHex(strip0x(privateKeyHex)));
        this.address = addressOf(DOMAIN.getG().multiply(privateKey).normalize());
    }

    /** The signer's address, lower case {@code 0x} + 40 hex. */
    public String address() {
        return address;
    }

    /** The 65-byte signature {@code r || s || v} as {@code 0x} hex. */
    public String sign(long chainId, String timestamp, long nonce) {
        byte[] digest = digest(address, chainId, timestamp, nonce);
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey, DOMAIN));
        BigInteger[] rs = signer.generateSignature(digest);
        BigInteger r = rs[0];
        BigInteger s = rs[1].compareTo(HALF_N) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
        int recId = -1;
        for (int i = 0; i < 2 && recId < 0; i++) {
            ECPoint q = recover(digest, r, s, i);
            if (q != null && addressOf(q).equals(address)) {
                recId = i;
            }
        }
        if (recId < 0) {
            throw new IllegalStateException("No recovery id reproduces the signer");
        }
        byte[] out = new byte[65];
        System.arraycopy(unsigned32(r), 0, out, 0, 32);
        System.arraycopy(unsigned32(s), 0, out, 32, 32);
        out[64] = (byte) (27 + recId);
        return "0x" + HEX.formatHex(out);
    }

    /** The four L1 headers the official clients send with this signature. */
    public Map<String, String> headers(long chainId, String timestamp, long nonce) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("POLY_ADDRESS", address);
        h.put("POLY_SIGNATURE", sign(chainId, timestamp, nonce));
        h.put("POLY_TIMESTAMP", timestamp);
        h.put("POLY_NONCE", Long.toString(nonce));
        return h;
    }

    /** keccak256 of the ClobAuth type string. */
    public static byte[] typeHash() {
        return keccak(CLOB_AUTH_TYPE.getBytes(StandardCharsets.UTF_8));
    }

    /** The EIP-712 domain separator of {@code ClobAuthDomain} version 1 on {@code chainId}. */
    public static byte[] domainSeparator(long chainId) {
        return keccak(
                keccak(DOMAIN_TYPE.getBytes(StandardCharsets.UTF_8)),
                keccakText("ClobAuthDomain"),
                keccakText("1"),
                uint256(BigInteger.valueOf(chainId)));
    }

    /** The digest signed: {@code keccak256(0x1901 || domainSeparator || structHash)}. */
    public static byte[] digest(String address, long chainId, String timestamp, long nonce) {
        byte[] addressWord = new byte[32];
        byte[] raw = HEX.parseHex(strip0x(address));
        System.arraycopy(raw, 0, addressWord, 32 - raw.length, raw.length);
        byte[] structHash =
                keccak(
                        typeHash(),
                        addressWord,
                        keccakText(timestamp),
                        uint256(BigInteger.valueOf(nonce)),
                        keccakText(MESSAGE));
        return keccak(new byte[] {0x19, 0x01}, domainSeparator(chainId), structHash);
    }

    /** keccak256 (the pre-standard SHA-3 Ethereum uses) of the concatenated parts. */
    public static byte[] keccak(byte[]... parts) {
        KeccakDigest k = new KeccakDigest(256);
        for (byte[] part : parts) {
            k.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        k.doFinal(out, 0);
        return out;
    }

    @Override
    public String toString() {
        return "ClobAuthSigner[" + address + "]";
    }

    private static byte[] keccakText(String text) {
        return keccak(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] uint256(BigInteger value) {
        return unsigned32(value);
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int from = Math.max(0, raw.length - 32);
        System.arraycopy(raw, from, out, 32 - (raw.length - from), raw.length - from);
        return out;
    }

    private static String strip0x(String hex) {
        String h = hex.strip();
        return h.startsWith("0x") || h.startsWith("0X") ? h.substring(2) : h;
    }

    private static String addressOf(ECPoint publicKey) {
        byte[] encoded = publicKey.getEncoded(false);
        byte[] hash = keccak(Arrays.copyOfRange(encoded, 1, encoded.length));
        return "0x" + HEX.formatHex(hash, 12, 32).toLowerCase(Locale.ROOT);
    }

    /** The public key that (r, s) over {@code digest} verifies under, for recovery id {@code i}. */
    private static ECPoint recover(byte[] digest, BigInteger r, BigInteger s, int i) {
        BigInteger n = CURVE.getN();
        X9IntegerConverter x9 = new X9IntegerConverter();
        byte[] compressed = x9.integerToBytes(r, 1 + x9.getByteLength(CURVE.getCurve()));
        compressed[0] = (byte) ((i & 1) == 1 ? 0x03 : 0x02);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!bigR.multiply(n).isInfinity()) {
            return null;
        }
        BigInteger e = new BigInteger(1, digest);
        BigInteger rInv = r.modInverse(n);
        BigInteger eInvRInv = rInv.multiply(BigInteger.ZERO.subtract(e).mod(n)).mod(n);
        BigInteger sRInv = rInv.multiply(s).mod(n);
        return ECAlgorithms.sumOfTwoMultiplies(DOMAIN.getG(), eInvRInv, bigR, sRInv).normalize();
    }
}
