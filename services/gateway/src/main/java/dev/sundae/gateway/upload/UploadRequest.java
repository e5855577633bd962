package dev.sundae.gateway.upload;

import dev.sundae.gateway.StoreIds;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * A register's request for one signed upload. The upper bound of {@code sizeBytes} is configured
 * ({@code sundae.uploads.max-size}) and checked by {@link UploadController}.
 *
 * @param contentType the frame's media type
 * @param sizeBytes the frame's exact size; the signature fixes Content-Length to it
 * @param store the store the register stands in, for analytics
 * @param session the customer's visit, when the register takes more than one frame of it: every
 *     frame of a session lands in the same arm of the tenant's holdout (the upload alone when
 *     absent)
 */
record UploadRequest(
    @NotNull
        @Pattern(
            regexp = "image/(jpeg|png|webp)",
            message = "must be image/jpeg, image/png or image/webp")
        String contentType,
    @NotNull @Positive Long sizeBytes,
    @Size(min = 1, max = StoreIds.MAX_LENGTH)
        @Pattern(regexp = StoreIds.PATTERN, message = StoreIds.MESSAGE)
        String store,
    @Size(min = 1, max = StoreIds.MAX_LENGTH)
        @Pattern(regexp = StoreIds.PATTERN, message = StoreIds.MESSAGE)
        String session) {}
