package io.omsbridge.intake;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;

/**
 * A request message's body, read with the size limit in mind: a bytes message's length is known before its body is
 * read (Artemis streams large ones), so one over the limit is never loaded; a text message is text in the JMS client
 * already, and is checked before it is copied or parsed. {@code bytes} is null when the body is over the limit.
 */
record MessageBody(byte[] bytes, long size) {

    static MessageBody of(Message in, long max) throws JMSException {
        var jms = in instanceof JmsMessage m ? m.getJmsMessage() : null;
        if (jms instanceof BytesMessage bytesMessage) {
            long length = bytesMessage.getBodyLength();
            if (length > max) {
                return new MessageBody(null, length);
            }
            byte[] body = new byte[(int) length];
            bytesMessage.reset();
            bytesMessage.readBytes(body);
            return new MessageBody(body, length);
        }
        if (jms instanceof TextMessage textMessage) {
            String text = textMessage.getText();
            // a char is at least one UTF-8 byte: a text longer than the limit in chars is over it in bytes
            if (text != null && text.length() > max) {
                return new MessageBody(null, text.length());
            }
            byte[] body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            return body.length > max ? new MessageBody(null, body.length) : new MessageBody(body, body.length);
        }
        byte[] body = in.getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        return body.length > max ? new MessageBody(null, body.length) : new MessageBody(body, body.length);
    }
}
