package dev.sundae.gateway.purchase;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a register reports after a sale. The flavours' membership of the tenant's catalogue is
 * checked by {@link PurchaseController}, which knows the tenant.
 *
 * @param purchaseId chosen by the register, so that a retried report is stored once
 * @param requestId the recommendation the customer saw
 * @param flavours the flavours bought; a flavour bought twice counts once
 * @param store the store of the sale
 * @param purchasedAt when the sale happened
 */
record PurchaseRequest(
    @NotNull UUID purchaseId,
    @NotNull UUID requestId,
    @NotEmpty @Size(max = 20) List<@NotBlank @Size(max = 100) String> flavours,
    @NotBlank
        @Size(max = 64)
        @Pattern(
            regexp = "[A-Za-z0-9._:-]+",
            message = "must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', ':', '-'")
        String store,
    @NotNull Instant purchasedAt) {}
