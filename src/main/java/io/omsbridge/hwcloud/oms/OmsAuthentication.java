package io.omsbridge.hwcloud.oms;

/**
 * How each OMS call is authenticated: an IAM token got by password and cached ({@code X-Auth-Token}), or the access
 * key's signature on the request itself ({@code SDK-HMAC-SHA256}, no IAM call at all).
 */
public enum OmsAuthentication {
    token,
    aksk
}
