"""The query process's channel (``kg.worker.Channel``): whole messages of any size, end of file, waiting."""
import socket
import threading

import pytest

from kg.worker import Channel


@pytest.fixture
def channels():
    a, b = socket.socketpair()
    ours, theirs = Channel(a), Channel(b)
    yield ours, theirs
    ours.close()
    theirs.close()


def test_messages_small_and_larger_than_one_read_arrive_whole_and_in_order(channels):
    ours, theirs = channels
    big = bytes(range(256)) * (3 << 12)  # 3 MiB: many reads, and more than the socket's buffer
    sender = threading.Thread(target=lambda: [theirs.send(m) for m in (("ok", "solutions", big), ("ready",), "说明")])
    sender.start()
    assert ours.recv() == ("ok", "solutions", big)
    assert ours.recv() == ("ready",)
    assert ours.recv() == "说明"
    sender.join()


def test_two_messages_read_in_one_go_are_both_kept(channels):
    ours, theirs = channels
    theirs.send(1)
    theirs.send(2)
    assert ours.wait(5) and ours.recv() == 1
    assert ours.wait(0) and ours.recv() == 2  # already read with the first: no wait for the socket
    assert not ours.wait(0.05)


def test_the_other_end_closing_mid_message_is_end_of_file(channels):
    ours, theirs = channels
    theirs.sock.sendall(b"\0\0\0\0\0\0\1\0" + b"x" * 10)  # says 256 bytes, sends 10
    theirs.sock.close()
    assert ours.wait(5)
    with pytest.raises(EOFError):
        ours.recv()
