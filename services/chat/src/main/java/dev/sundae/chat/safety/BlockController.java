package dev.sundae.chat.safety;

import dev.sundae.chat.tenant.Caller;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** A member's blocks. */
@RestController
class BlockController {

  private final Blocks blocks;

  BlockController(Blocks blocks) {
    this.blocks = blocks;
  }

  @GetMapping("/v1/blocks")
  List<String> list(Caller caller) {
    return blocks.blockedBy(caller);
  }

  @PutMapping("/v1/blocks/{subject}")
  ResponseEntity<Void> block(Caller caller, @PathVariable String subject) {
    blocks.block(caller, subject);
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/v1/blocks/{subject}")
  ResponseEntity<Void> unblock(Caller caller, @PathVariable String subject) {
    blocks.unblock(caller, subject);
    return ResponseEntity.noContent().build();
  }
}
