package dev.sundae.chat.member;

import dev.sundae.chat.tenant.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own settings: receipts and presence, each on unless switched off. */
@RestController
class SettingsController {

  private final MemberSettings settings;

  SettingsController(MemberSettings settings) {
    this.settings = settings;
  }

  @GetMapping("/v1/me/settings")
  MemberSettings.Settings get(Caller caller) {
    return settings.of(caller.tenant(), caller.subject());
  }

  @PutMapping("/v1/me/settings")
  MemberSettings.Settings put(Caller caller, @RequestBody Change change) {
    return settings.update(
        caller, change.deliveryReceipts(), change.readReceipts(), change.presence());
  }

  /**
   * A change of settings; a field left out keeps its value.
   *
   * @param deliveryReceipts others see what the caller's devices received
   * @param readReceipts others see what the caller listened to
   * @param presence others see when the caller is online
   */
  record Change(Boolean deliveryReceipts, Boolean readReceipts, Boolean presence) {}
}
