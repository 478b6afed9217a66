package dev.grove.patina.run;

/** An order the run service took, with the ticket it answered. */
record TicketedOrder(String ticket, RunOrder order) {
    dev.grove.patina.model.RunKind kind() {
        return order.kind();
    }

    String trigger() {
        return order.trigger();
    }
}
