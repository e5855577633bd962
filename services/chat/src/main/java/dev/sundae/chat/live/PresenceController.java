package dev.sundae.chat.live;

import dev.sundae.chat.conversation.Contacts;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.web.Problems;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Whether a contact is online now, for an app that just connected. */
@RestController
class PresenceController {

  private final Presence presence;
  private final Contacts contacts;

  PresenceController(Presence presence, Contacts contacts) {
    this.presence = presence;
    this.contacts = contacts;
  }

  @GetMapping("/v1/presence")
  Status presence(Caller caller, @RequestParam String subject) {
    if (!contacts.share(caller.tenant(), caller.subject(), subject)) {
      throw Problems.notFound(
          "member-not-found",
          "Member not found",
          "No member " + subject + " shares an active conversation with you");
    }
    return new Status(subject, presence.visibleOnline(caller.tenant(), caller.subject(), subject));
  }

  /**
   * @param subject the member
   * @param online whether the member is online on any instance (false when the member does not
   *     share presence, or blocked the caller)
   */
  record Status(String subject, boolean online) {}
}
