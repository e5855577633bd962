package dev.sundae.chat.live;

import dev.sundae.chat.message.MessagePosted;
import dev.sundae.chat.message.MessageViews;
import dev.sundae.chat.receipt.Receipts;
import dev.sundae.chat.safety.Moderation;
import dev.sundae.tenancy.TenantDirectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns what happened in the service into live events on the tenant's bus. */
@Component
class LiveEvents {

  private final LiveBus bus;
  private final LiveSessions sessions;
  private final MessageViews views;
  private final TenantDirectory tenants;
  private final JsonMapper json;

  LiveEvents(
      LiveBus bus,
      LiveSessions sessions,
      MessageViews views,
      TenantDirectory tenants,
      JsonMapper json) {
    this.bus = bus;
    this.sessions = sessions;
    this.views = views;
    this.tenants = tenants;
    this.json = json;
  }

  /**
   * A new message goes to every online device of the conversation's members: from here at once, and
   * as a reference to the other instances, which read it and sign their own URL.
   */
  @EventListener
  void onMessage(MessagePosted posted) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "message");
    event.put("message", views.of(posted.tenant(), posted.message()));
    sessions.send(posted.tenant().name(), posted.recipients(), json.writeValueAsString(event));
    bus.publishToOthers(
        posted.tenant(),
        new BusEvent(
            BusEvent.MESSAGE,
            posted.recipients(),
            json.valueToTree(
                Map.of(
                    "conversationId",
                    posted.message().conversationId(),
                    "seq",
                    posted.message().seq()))));
  }

  /** Online devices drop a removed message. */
  @EventListener
  void onRemoved(Moderation.MessageRemoved removed) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "removed");
    event.put("conversationId", removed.conversationId());
    event.put("seq", removed.seq());
    bus.publish(
        removed.tenant(),
        new BusEvent(BusEvent.EVENT, removed.recipients(), json.valueToTree(event)));
  }

  /** A banned member's connections close at once, on every instance. */
  @EventListener
  void onBanned(Moderation.MemberBanned banned) {
    tenants
        .byName(banned.tenant())
        .ifPresent(
            tenant ->
                bus.publish(
                    tenant,
                    new BusEvent(
                        BusEvent.CLOSE, List.of(banned.subject()), json.createObjectNode())));
  }

  /** A raised delivered or read mark, to the members who may see it. */
  @EventListener
  void onReceipt(Receipts.ReceiptRecorded receipt) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "receipt");
    event.put("kind", receipt.kind().wire());
    event.put("conversationId", receipt.conversationId());
    event.put("subject", receipt.subject());
    event.put("seq", receipt.seq());
    bus.publish(
        receipt.tenant(),
        new BusEvent(BusEvent.EVENT, receipt.recipients(), json.valueToTree(event)));
  }
}
