package dev.sundae.gateway.purchase;

import dev.sundae.gateway.StoreIds;
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
        @Size(max = StoreIds.MAX_LENGTH)
        @Pattern(regexp = StoreIds.PATTERN, message = StoreIds.MESSAGE)
        String store,
    @NotNull Instant purchasedAt) {}
