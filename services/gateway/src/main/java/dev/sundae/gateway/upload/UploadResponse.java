package dev.sundae.gateway.upload;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * @param requestId the id to fetch the recommendation by
 * @param upload how to send the frame
 * @param expiresAt when the URL stops working
 */
record UploadResponse(UUID requestId, Upload upload, Instant expiresAt) {

  /**
   * @param method always PUT
   * @param url the presigned URL
   * @param headers the headers the signature covers: sent exactly so, or the store refuses
   */
  record Upload(String method, String url, Map<String, String> headers) {}
}
